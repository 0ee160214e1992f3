using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Executions;

/// <summary>What the queue holds for a ready action: enough to match it to an agent and find its execution.</summary>
public sealed record JobTicket(string ExecutionId, string JobId, string Pool);

/// <summary>Names one attempt of one action. Stage and action names cannot contain '/', so the id splits back.</summary>
public readonly record struct JobId(string ExecutionId, string Stage, string Action, int Attempt)
{
    public override string ToString() => $"{ExecutionId}/{Stage}/{Action}/{Attempt}";

    public static bool TryParse(string? text, out JobId id)
    {
        id = default;
        var parts = text?.Split('/');
        if (parts is not { Length: 4 } || !int.TryParse(parts[3], out var attempt) || attempt < 1) return false;
        id = new JobId(parts[0], parts[1], parts[2], attempt);
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

    public static JobResult Failure(ErrorKind kind, string message) => new() { Succeeded = false, ErrorKind = kind, Message = message };
}

/// <summary>A job in an agent's heartbeat.</summary>
public sealed record LeaseRef(string ExecutionId, string JobId, string LeaseId);
