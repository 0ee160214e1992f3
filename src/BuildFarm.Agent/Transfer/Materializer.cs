using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// Writes an artifact tree from the cache into a directory. Every path is checked before anything is written;
/// directories are created one segment at a time and an existing symbolic link is never followed.
/// </summary>
internal static class Materializer
{
    /// <summary>Copies each file from the cache, or links it when <paramref name="links"/> is given (see <see cref="LinkedInputs"/>).</summary>
    public static async Task MaterializeAsync(ArtifactTree tree, BlobCache cache, string targetDirectory, CancellationToken cancellationToken,
        LinkedInputs? links = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        var targets = tree.Entries.Select(entry => (entry, path: TargetPath(root, entry.Path))).ToList();

        Directory.CreateDirectory(root);
        RefuseLink(root);
        var known = new HashSet<string>(StringComparer.Ordinal) { root };
        foreach (var (entry, path) in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureDirectory(Path.GetDirectoryName(path)!, known);
            if (Path.Exists(path) || new FileInfo(path).LinkTarget is not null)
                throw new ContentTransferException($"refused to write '{entry.Path}': '{path}' already exists");
            if (links is null || !links.TryLink(cache, entry, path)) await CopyAsync(cache, entry, path, cancellationToken);
        }
    }

    private static string TargetPath(string root, string treePath)
    {
        if (TreePath.Check(treePath) is { } problem) throw new ContentTransferException($"refused to write {problem}");
        var full = Path.GetFullPath(Path.Combine(root, treePath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ContentTransferException($"refused to write '{treePath}': it resolves outside '{root}'");
        return full;
    }

    private static void EnsureDirectory(string directory, HashSet<string> known)
    {
        if (known.Contains(directory)) return;
        EnsureDirectory(Path.GetDirectoryName(directory)!, known);
        if (File.Exists(directory)) throw new ContentTransferException($"refused to write under '{directory}': it is a file");
        if (Directory.Exists(directory)) RefuseLink(directory);
        else Directory.CreateDirectory(directory);
        known.Add(directory);
    }

    private static void RefuseLink(string path)
    {
        if (new DirectoryInfo(path).LinkTarget is not null)
            throw new ContentTransferException($"refused to write under '{path}': it is a symbolic link");
    }

    private static async Task CopyAsync(BlobCache cache, TreeEntry entry, string path, CancellationToken cancellationToken)
    {
        await using var source = cache.OpenRead(entry.Digest);
        // CreateNew never follows a link planted at the path: it fails instead.
        await using var target = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            PreallocationSize = entry.Digest.SizeBytes,
        });
        File.SetUnixFileMode(target.SafeFileHandle, (UnixFileMode)FileModes.Normalize(entry.Mode));
        await source.CopyToAsync(target, cancellationToken);
    }
}
