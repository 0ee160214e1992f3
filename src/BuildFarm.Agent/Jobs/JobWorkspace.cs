using BuildFarm.Agent.Transfer;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// A job's fresh directory: <c>src/</c> (the first input and the working directory), <c>inputs/{name}/</c>, and
/// <c>.farm/</c> for the agent's own files (made when first needed). Deleted when the job ends (by the worker, once the
/// result is reported).
/// </summary>
internal sealed partial class JobWorkspace
{
    public string Root { get; }
    public string Source => Path.Combine(Root, "src");
    public string Farm => Path.Combine(Root, ".farm");
    public string VariablesFile => Path.Combine(Farm, "variables");

    /// <summary>Inputs linked to the blob cache instead of copied (<c>--link-inputs</c>); null when they are copied.</summary>
    public LinkedInputs? Links { get; }

    private JobWorkspace(string root, LinkedInputs? links)
    {
        Root = root;
        Links = links;
    }

    public static JobWorkspace Create(string workDirectory, string jobId, bool linkInputs = false)
    {
        var root = Path.Combine(Path.GetFullPath(workDirectory), "jobs", DirectoryName(jobId));
        if (Directory.Exists(root)) ForceDelete(root);
        var workspace = new JobWorkspace(root, linkInputs ? new LinkedInputs() : null);
        Directory.CreateDirectory(workspace.Source);
        return workspace;
    }

    /// <summary>
    /// Makes <c>.farm/</c> and answers its path. Only where a job needs it: every directory made and deleted costs
    /// CPU, and on some file systems (ext4 without a journal) a lot of it while many were deleted recently.
    /// </summary>
    public string MakeFarm() => Directory.CreateDirectory(Farm).FullName;

    public string Input(string name) => Path.Combine(Root, "inputs", name);

    /// <summary>The job id made safe as one directory name; a short hash keeps ids that sanitize alike apart.</summary>
    public static string DirectoryName(string jobId)
    {
        var safe = Unsafe().Replace(jobId, "_");
        if (safe.Length > 100) safe = safe[..100];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))[..8];
        return $"{safe}-{hash}";
    }

    public void Delete() => ForceDelete(Root);

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

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}
