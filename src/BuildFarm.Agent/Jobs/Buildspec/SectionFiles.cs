using BuildFarm.Agent.Files;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// The files a buildspec section (an artifact or a report group) names: globs under its base directory (relative
/// to the source directory), less exclude-paths; with discard-paths, each file goes in under its name alone.
/// </summary>
internal static class SectionFiles
{
    public static IReadOnlyList<LocalFile> Select(string sourceDirectory, string what, string? baseDirectory, IReadOnlyList<string> files,
        IReadOnlyList<string> excludePaths, bool discardPaths)
    {
        var root = baseDirectory is null ? sourceDirectory : Path.Combine(sourceDirectory, baseDirectory);
        if (!Directory.Exists(root))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"{what}: base-directory '{baseDirectory}' does not exist after the build");
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(files);
        matcher.AddExcludePatterns(excludePaths);
        var selected = GlobFilter.Apply(matcher, root, FileWalker.Walk(root));
        if (!discardPaths) return selected;

        var byName = new Dictionary<string, LocalFile>(StringComparer.Ordinal);
        foreach (var file in selected)
        {
            var name = Path.GetFileName(file.RelativePath);
            if (byName.TryGetValue(name, out var other))
                throw new JobFailureException(ErrorKind.ConfigurationError,
                    $"{what}: with discard-paths, '{other.RelativePath}' and '{file.RelativePath}' would both be '{name}'");
            byName[name] = file with { RelativePath = name };
        }
        return byName.Values.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }
}
