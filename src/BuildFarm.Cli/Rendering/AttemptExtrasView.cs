using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

/// <summary>
/// What `farm executions show` says about an attempt beyond its own job: served from the action cache (and from where),
/// waiting for an agent nobody online can be, and a batch's builds with their jobs.
/// </summary>
public static class AttemptExtrasView
{
    /// <summary>The Agent column of the stage table: a cache hit ran on no agent.</summary>
    public static string Agent(ActionAttempt attempt) =>
        attempt.CacheHit is not null ? "(action cache)" : attempt.AgentName.Length > 0 ? attempt.AgentName : attempt.AgentId;

    public static IEnumerable<string> Lines(ActionAttempt attempt, string indent)
    {
        if (attempt.CacheHit is { } hit)
            yield return $"{indent}cache hit: the result of {hit.ExecutionId} {hit.Stage}/{hit.Action} attempt {hit.Attempt} " +
                         $"(recorded {Durations.Time(hit.RecordedAt)}), key {Short(hit.Key)}";
        else if (attempt.CacheKey.Length > 0 && attempt.Status == "Succeeded")
            yield return $"{indent}recorded in the action cache, key {Short(attempt.CacheKey)}";
        if (attempt.WaitingFor.Length > 0) yield return $"{indent}{attempt.WaitingFor}";
        if (attempt.Batch is not { } batch) yield break;
        var ended = batch.Builds.Count(b => b.Status is "Succeeded" or "Failed" or "Abandoned" or "Skipped");
        yield return $"{indent}batch {batch.Kind}: {batch.Builds.Count} builds, {ended} ended" + (batch.FastFail ? ", fast-fail" : "") +
                     (batch.Outcome.Length > 0 ? $"; {batch.Outcome}" : "");
        foreach (var build in batch.Builds)
        {
            var last = build.Attempts.LastOrDefault();
            var where = last is null ? "" : $" on {Agent(last)}" + (build.Attempts.Count > 1 ? $" (job {build.Attempts.Count})" : "");
            var why = last is not null && ExecutionView.Failure(last) is { Length: > 0 } failure ? $" - {failure}"
                : build.Message.Length > 0 ? $" - {build.Message}" : last?.WaitingFor is { Length: > 0 } waiting ? $" - {waiting}" : "";
            yield return $"{indent}  build {build.Identifier}{Describe(build)}: {build.Status}{where}{why}";
        }
    }

    private static string Describe(BatchBuildExecution build)
    {
        var parts = new List<string>();
        if (build.ShardCount > 0) parts.Add($"shard {build.ShardIndex}/{build.ShardCount}");
        if (build.Variables.Count > 0) parts.Add(string.Join(" ", build.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")));
        if (build.Buildspec.Length > 0) parts.Add(build.Buildspec.Contains('\n') ? "inline buildspec" : build.Buildspec);
        if (build.DependOn.Count > 0) parts.Add($"after {string.Join(",", build.DependOn)}");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string Short(string key) => key.Length > 16 ? key[..16] : key;
}
