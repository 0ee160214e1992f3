using System.Collections.Concurrent;
using System.Text;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The files Commands scripts are written to (<c>WORK/scripts/N.sh</c>), one per running job, rewritten in place from
/// job to job: a new file per job costs an inode allocated and freed, which on some file systems (ext4 without a
/// journal scans the recently freed ones) costs more CPU than anything else the agent does for a short job.
/// </summary>
internal sealed class ScriptFiles(string directory)
{
    private readonly ConcurrentBag<string> free = [];
    private int made;

    /// <summary>A file holding <paramref name="script"/>, the caller's until it gives it back with <see cref="Return"/>.</summary>
    public string Write(string script)
    {
        var content = Encoding.UTF8.GetBytes(script);
        if (free.TryTake(out var path) && TryOverwrite(path, content)) return path;
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, $"{Interlocked.Increment(ref made)}.sh");
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Return(string path) => free.Add(path);

    /// <summary>False when the file is no longer a plain file of its own (a job replaced it): another is used, never this one.</summary>
    private static bool TryOverwrite(string path, byte[] content)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null) return false;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
            file.Write(content);
            file.SetLength(content.Length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
