using System.Collections.Concurrent;
using System.Globalization;
using BuildFarm.Agent.Transfer;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The agent's job workspaces (<c>WORK/jobs/N/</c>), emptied and reused from job to job instead of made and deleted:
/// two directories made and removed per job cost inodes allocated and freed, which on some file systems (ext4 without a
/// journal scans the recently freed ones) took a fifth of an agent's CPU for a short job. A workspace is empty (but for
/// an empty <c>src/</c>) when a job gets it; one that cannot be emptied is deleted and not used again.
/// </summary>
internal sealed class JobWorkspaces(string directory, bool linkInputs)
{
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0 };
    private readonly ConcurrentBag<string> free = [];
    private int made;

    /// <summary>An empty workspace, the caller's until it gives it back with <see cref="Return"/>.</summary>
    public JobWorkspace Take()
    {
        if (!free.TryTake(out var root))
        {
            root = Path.Combine(directory, Interlocked.Increment(ref made).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(Path.Combine(root, "src"));
        }
        return new JobWorkspace(root, linkInputs ? new LinkedInputs() : null);
    }

    /// <summary>Empties the workspace for the next job; one that cannot be emptied is deleted instead and not used again.</summary>
    public void Return(JobWorkspace workspace)
    {
        try
        {
            Empty(workspace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            JobWorkspace.ForceDelete(workspace.Root);
            return;
        }
        free.Add(workspace.Root);
    }

    /// <summary>Deletes everything but <c>src/</c> itself, and everything in it; never follows links.</summary>
    private static void Empty(JobWorkspace workspace)
    {
        foreach (var entry in new DirectoryInfo(workspace.Root).EnumerateFileSystemInfos("*", Everything))
        {
            if (entry is DirectoryInfo { Name: "src", LinkTarget: null } source)
                foreach (var child in source.EnumerateFileSystemInfos("*", Everything)) Delete(child);
            else
                Delete(entry);
        }
        // A job may have removed src/ (or replaced it with a link, deleted above): the next one gets it back.
        Directory.CreateDirectory(workspace.Source);
    }

    private static void Delete(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo { LinkTarget: null }) JobWorkspace.ForceDelete(entry.FullName);
        else File.Delete(entry.FullName); // a file, or a link (to a directory too): the link goes, never its target
    }
}
