using BuildFarm.Agent.Transfer;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BuildFarm.Agent.Files;

/// <summary>Runs a glob matcher over files already listed (safely) by <see cref="FileWalker"/>.</summary>
internal static class GlobFilter
{
    public static IReadOnlyList<LocalFile> Apply(Matcher matcher, string root, IReadOnlyList<LocalFile> files)
    {
        var result = matcher.Match(root, files.Select(f => f.RelativePath));
        var matched = new HashSet<string>(result.Files.Select(f => f.Path), StringComparer.Ordinal);
        return files.Where(f => matched.Contains(f.RelativePath)).ToList();
    }
}
