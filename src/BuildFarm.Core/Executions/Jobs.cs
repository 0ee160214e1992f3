using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Executions;

/// <summary>
/// What the queue holds for a ready action: enough to match it to an agent and find its execution. <see cref="Labels"/>
/// are the labels an agent must have (null: any agent of the pool).
/// </summary>
public sealed record JobTicket(string ExecutionId, string JobId, string Pool)
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>
/// Names one attempt of one action: <c>{execution}/{stage}/{action}/{attempt}</c>. Stage and action names cannot contain
/// '/', so the id splits back. A build of a batch adds its identifier to the attempt, and its own attempt number from the
/// second on: <c>.../{attempt}.{child}</c>, <c>.../{attempt}.{child}.{n}</c> (identifiers hold no '.').
/// </summary>
public readonly record struct JobId(string ExecutionId, string Stage, string Action, int Attempt)
{
    /// <summary>The batch build's identifier; null for the action's own job.</summary>
    public string? Child { get; init; }
    /// <summary>The batch build's attempt (1 and up); 0 for the action's own job.</summary>
    public int ChildAttempt { get; init; }

    public static JobId ForChild(string executionId, string stage, string action, int attempt, string child, int childAttempt) =>
        new(executionId, stage, action, attempt) { Child = child, ChildAttempt = childAttempt };

    public override string ToString() =>
        $"{ExecutionId}/{Stage}/{Action}/{Attempt}" + (Child is null ? "" : $".{Child}") + (ChildAttempt > 1 ? $".{ChildAttempt}" : "");

    public static bool TryParse(string? text, out JobId id)
    {
        id = default;
        var parts = text?.Split('/');
        if (parts is not { Length: 4 }) return false;
        var attemptParts = parts[3].Split('.');
        if (attemptParts.Length > 3 || !int.TryParse(attemptParts[0], out var attempt) || attempt < 1) return false;
        id = new JobId(parts[0], parts[1], parts[2], attempt);
        if (attemptParts.Length == 1) return true;
        var childAttempt = 1;
        if (attemptParts[1].Length == 0 || (attemptParts.Length == 3 && (!int.TryParse(attemptParts[2], out childAttempt) || childAttempt < 2)))
            return false;
        id = id with { Child = attemptParts[1], ChildAttempt = childAttempt };
        return true;
    }
}

/// <summary>A leased job as an agent receives it: everything resolved, nothing left to look up.</summary>
public sealed record JobSpec
{
    public required string ExecutionId { get; init; }
    public required string JobId { get; init; }
    public required string LeaseId { get; init; }
    public required DateTimeOffset LeaseDeadline { get; init; }
    public required string Pipeline { get; init; }
    public required string Stage { get; init; }
    public required string Action { get; init; }
    public required int Attempt { get; init; }
    public required string Category { get; init; }
    public required string Provider { get; init; }
    public required IReadOnlyDictionary<string, string> Configuration { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    public required IReadOnlyList<ArtifactRef> Inputs { get; init; }
    public required IReadOnlyList<OutputArtifactDefinition> Outputs { get; init; }
    public required IReadOnlyList<string> OutputVariables { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required TimeSpan Timeout { get; init; }
    /// <summary>Secret name to value, for the secrets this job's configuration names; added at dispatch, never stored.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
    /// <summary>Set for one build of a batch: what it runs differently. Null for an action's own job.</summary>
    public BatchChildPlan? BatchChild { get; init; }
}

/// <summary>What an agent reports when a job ends.</summary>
public sealed record JobResult
{
    public required bool Succeeded { get; init; }
    public int? ExitCode { get; init; }
    public ErrorKind ErrorKind { get; init; }
    public string? Message { get; init; }
    public IReadOnlyDictionary<string, Digest> Outputs { get; init; } = new Dictionary<string, Digest>();
    public IReadOnlyDictionary<string, string> OutputVariables { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Test reports the job parsed (counts, and the full report's digest in the content store).</summary>
    public IReadOnlyList<TestReportSummary> Reports { get; init; } = [];
    /// <summary>A Buildspec job whose buildspec has a batch answers the builds to run, instead of running phases.</summary>
    public BatchPlan? Batch { get; init; }

    public static JobResult Failure(ErrorKind kind, string message) => new() { Succeeded = false, ErrorKind = kind, Message = message };
}

/// <summary>A job in an agent's heartbeat.</summary>
public sealed record LeaseRef(string ExecutionId, string JobId, string LeaseId);
