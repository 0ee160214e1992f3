using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BuildFarm.Agent.Files;

/// <summary>Picks the files of a declared output artifact by its globs, relative to the working directory.</summary>
internal static class OutputCollector
{
    public static IReadOnlyList<LocalFile> Collect(string workingDirectory, string artifact, IReadOnlyList<string> globs)
    {
        if (globs.Count == 0)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"output artifact '{artifact}' lists no files; give it at least one glob such as 'out/**'");
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(globs);
        var files = GlobFilter.Apply(matcher, workingDirectory, FileWalker.Walk(workingDirectory));
        if (files.Count == 0)
            throw new JobFailureException(ErrorKind.ConfigurationError,
                $"output artifact '{artifact}': no file matches {string.Join(" or ", globs.Select(g => $"'{g}'"))} in the working directory");
        return files;
    }
}
