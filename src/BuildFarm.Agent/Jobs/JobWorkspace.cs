using BuildFarm.Agent.Transfer;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// A job's directory: <c>src/</c> (the first input and the working directory), <c>inputs/{name}/</c>, and <c>.farm/</c>
/// for the agent's own files (made when first needed). Empty when a job gets it, emptied when the job ends (by the
/// worker, once the result is reported); see <see cref="JobWorkspaces"/>.
/// </summary>
internal sealed class JobWorkspace
{
    public string Root { get; }
    public string Source => Path.Combine(Root, "src");
    public string Farm => Path.Combine(Root, ".farm");
    public string VariablesFile => Path.Combine(Farm, "variables");

    /// <summary>Inputs linked to the blob cache instead of copied (<c>--link-inputs</c>); null when they are copied.</summary>
    public LinkedInputs? Links { get; }

    public JobWorkspace(string root, LinkedInputs? links)
    {
        Root = root;
        Links = links;
    }

    /// <summary>
    /// Makes <c>.farm/</c> and answers its path. Only where a job needs it: every directory made and deleted costs
    /// CPU, and on some file systems (ext4 without a journal) a lot of it while many were deleted recently.
    /// </summary>
    public string MakeFarm() => Directory.CreateDirectory(Farm).FullName;

    public string Input(string name) => Path.Combine(Root, "inputs", name);

    /// <summary>Deletes a tree even where a job removed its own write permission; never follows links.</summary>
    public static void ForceDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            MakeWritable(new DirectoryInfo(directory));
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void MakeWritable(DirectoryInfo directory)
    {
        if (directory.LinkTarget is not null) return;
        directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var child in directory.EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0 })) MakeWritable(child);
    }
}
