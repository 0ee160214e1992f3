using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// A job's fresh directory: <c>src/</c> (the first input and the working directory), <c>inputs/{name}/</c>, and
/// <c>.farm/</c> for the agent's own files. Discarded when the job ends (see <see cref="Discard"/>).
/// </summary>
internal sealed partial class JobWorkspace
{
    public string Root { get; }
    public string Source => Path.Combine(Root, "src");
    public string Farm => Path.Combine(Root, ".farm");
    public string ScriptFile => Path.Combine(Farm, "script.sh");
    public string VariablesFile => Path.Combine(Farm, "variables");

    private readonly string trash;

    private JobWorkspace(string root, string trash)
    {
        Root = root;
        this.trash = trash;
    }

    /// <summary>Where discarded workspaces wait for their deletion; the agent sweeps it when it starts.</summary>
    public static string TrashOf(string workDirectory) => Path.Combine(Path.GetFullPath(workDirectory), "trash");

    public static JobWorkspace Create(string workDirectory, string jobId)
    {
        var root = Path.Combine(Path.GetFullPath(workDirectory), "jobs", DirectoryName(jobId));
        if (Directory.Exists(root)) ForceDelete(root);
        var workspace = new JobWorkspace(root, TrashOf(workDirectory));
        Directory.CreateDirectory(workspace.Source);
        Directory.CreateDirectory(workspace.Farm);
        return workspace;
    }

    public string Input(string name) => Path.Combine(Root, "inputs", name);

    /// <summary>The job id made safe as one directory name; a short hash keeps ids that sanitize alike apart.</summary>
    public static string DirectoryName(string jobId)
    {
        var safe = Unsafe().Replace(jobId, "_");
        if (safe.Length > 100) safe = safe[..100];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))[..8];
        return $"{safe}-{hash}";
    }

    /// <summary>
    /// Takes the workspace away at once (a rename into the trash folder) and deletes it in the background: deleting a
    /// large tree can take a second, and the job's result should not wait for it. Deletes in place when the rename fails.
    /// </summary>
    public void Discard()
    {
        var target = Path.Combine(trash, Path.GetFileName(Root) + "-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            Directory.CreateDirectory(trash);
            Directory.Move(Root, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ForceDelete(Root);
            return;
        }
        _ = Task.Run(() =>
        {
            try
            {
                ForceDelete(target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the trash folder, which the agent sweeps when it starts again.
            }
        });
    }

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
