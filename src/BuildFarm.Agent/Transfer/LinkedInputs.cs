using BuildFarm.Agent.Processes;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// Input files materialized as hard links to the agent's blob cache (<c>farm agent --link-inputs</c>): no bytes are
/// copied, but the workspace file and the cached blob are one file. So only regular (0644) files are linked, each blob
/// once per job (two input paths never share a file), and after the job every link is checked: a blob whose
/// file was written in place (size, time or mode changed) is dropped from the cache, so no later job gets it.
/// </summary>
internal sealed class LinkedInputs
{
    private readonly List<Link> links = [];
    private readonly HashSet<Digest> linkedBlobs = [];
    private bool unavailable;

    private sealed record Link(string Path, Digest Digest, string CacheFile, long Length, DateTime Written);

    public int Count
    {
        get { lock (links) return links.Count; }
    }

    /// <summary>Links the cached blob at <paramref name="target"/>; false when it must be copied instead.</summary>
    public bool TryLink(BlobCache cache, TreeEntry entry, string target)
    {
        if (unavailable || entry.Mode != FileModes.Regular) return false;
        var cached = new FileInfo(cache.PathOf(entry.Digest));
        if (!cached.Exists || cached.UnixFileMode != (UnixFileMode)FileModes.Regular) return false;
        lock (links)
            if (!linkedBlobs.Add(entry.Digest)) return false; // linked once already: a second path gets a copy
        if (!LibC.HardLink(cached.FullName, target))
        {
            // Another file system (EXDEV) or no link support: copy from now on.
            unavailable = true;
            lock (links) linkedBlobs.Remove(entry.Digest);
            return false;
        }
        lock (links) links.Add(new Link(target, entry.Digest, cached.FullName, cached.Length, cached.LastWriteTimeUtc));
        return true;
    }

    /// <summary>Drops from the cache every linked blob the job changed in place; answers the workspace paths it found changed.</summary>
    public IReadOnlyList<string> DropChanged(BlobCache cache)
    {
        List<Link> all;
        lock (links) all = [.. links];
        var changed = new List<string>();
        foreach (var link in all)
        {
            var file = new FileInfo(link.CacheFile);
            if (!file.Exists) continue;
            if (file.Length == link.Length && file.LastWriteTimeUtc == link.Written && file.UnixFileMode == (UnixFileMode)FileModes.Regular) continue;
            cache.Drop(link.Digest);
            changed.Add(link.Path);
        }
        return changed;
    }
}
