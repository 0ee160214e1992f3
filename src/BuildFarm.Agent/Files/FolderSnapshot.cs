using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BuildFarm.Agent.Files;

/// <summary>The Folder provider's input: every file under a directory on this machine, less the excluded globs.</summary>
internal static class FolderSnapshot
{
    public static IReadOnlyList<LocalFile> Take(string? path, string? exclude)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new JobFailureException(ErrorKind.ConfigurationError, "configuration 'Path' is missing; give the absolute path of a directory on the agent's machine");
        if (!Path.IsPathFullyQualified(path))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"configuration 'Path' is '{path}'; it must be an absolute directory path on the agent's machine");
        if (!Directory.Exists(path))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"folder '{path}' does not exist on this agent ({Environment.MachineName})");

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude("**/*");
        foreach (var glob in (exclude ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            matcher.AddExclude(glob);
        return GlobFilter.Apply(matcher, path, FileWalker.Walk(path));
    }
}
