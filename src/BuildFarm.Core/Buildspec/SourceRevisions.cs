using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Buildspec;

/// <summary>CODEBUILD_RESOLVED_SOURCE_VERSION: the revision the source action of an artifact published, when it published one.</summary>
public static class SourceRevisions
{
    /// <summary>Output variables that name a source revision, in order of preference (git commit, S3 object version, image digest).</summary>
    public static readonly IReadOnlyList<string> VariableNames = ["CommitId", "VersionId", "ImageDigest"];

    public static string? Of(ExecutionRun run, string artifact)
    {
        var producer = run.Stages.SelectMany(s => s.Actions).FirstOrDefault(a => a.Outputs.Any(o => o.Name == artifact));
        if (producer is null) return null;
        foreach (var name in VariableNames)
            if (producer.OutputVariables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        return null;
    }
}
