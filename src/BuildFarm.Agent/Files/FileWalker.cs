using BuildFarm.Agent.Processes;
using BuildFarm.Agent.Transfer;

namespace BuildFarm.Agent.Files;

/// <summary>
/// Lists the regular files under a directory, with '/'-separated relative paths. A symbolic link to a file inside
/// the directory counts as that file; links that leave the directory, dangle, or point at directories (which could
/// loop) are skipped, so nothing outside the directory can slip into an artifact.
/// </summary>
internal static class FileWalker
{
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    public static IReadOnlyList<LocalFile> Walk(string directory)
    {
        var root = LibC.ResolveRealPath(directory) ?? throw new DirectoryNotFoundException($"'{directory}' does not exist");
        var files = new List<LocalFile>();
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(root), ""));
        while (pending.TryPop(out var current))
        {
            foreach (var entry in current.Directory.EnumerateFileSystemInfos("*", AllEntries))
            {
                var relative = current.Relative.Length == 0 ? entry.Name : current.Relative + "/" + entry.Name;
                if (entry.LinkTarget is not null)
                {
                    if (LinkedFile(root, entry.FullName) is { } target) files.Add(new LocalFile(relative, target, FileModes.Of(target)));
                }
                else if (entry is DirectoryInfo subdirectory)
                {
                    pending.Push((subdirectory, relative));
                }
                else
                {
                    files.Add(new LocalFile(relative, entry.FullName, FileModes.Of(entry.FullName)));
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static string? LinkedFile(string root, string link)
    {
        var target = LibC.ResolveRealPath(link);
        return target is not null && target.StartsWith(root + "/", StringComparison.Ordinal) && File.Exists(target) ? target : null;
    }
}
