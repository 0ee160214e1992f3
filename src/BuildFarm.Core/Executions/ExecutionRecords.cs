using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

public enum ExecutionType { Standard, Rollback }

public enum ApprovalDecision { Approved, Rejected, TimedOut, Abandoned }

/// <summary>A manual approval's request and its answer: who decided, when, and what they said.</summary>
public sealed class ApprovalRecord
{
    /// <summary>CustomData, resolved: what the reviewers are asked.</summary>
    public string? Summary { get; set; }
    /// <summary>ExternalEntityLink, resolved: where the reviewers look.</summary>
    public string? Url { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public ApprovalDecision? Decision { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Comment { get; set; }
}

/// <summary>Who stopped an execution, how, and why.</summary>
public sealed class StopRecord
{
    public string By { get; set; } = "";
    public string? Reason { get; set; }
    public bool Abandon { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One retry of a stage: by a person (farm retry) or by the stage's onFailure RETRY.</summary>
public sealed class StageRetryRecord
{
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public StageRetryMode Mode { get; set; }
    public bool Automated { get; set; }
    /// <summary>Set when the stage could not be entered again (a newer execution took it meanwhile).</summary>
    public string? Refused { get; set; }
}

/// <summary>What a rollback execution re-runs: one stage, with the artifacts and variables of the target execution.</summary>
public sealed class RollbackTarget
{
    public string Stage { get; set; } = "";
    public int StageIndex { get; set; }
    public string TargetExecutionId { get; set; } = "";
    public bool Automated { get; set; }
}

/// <summary>A rollback this execution asked for (onFailure or onSuccess ROLLBACK), and what came of it.</summary>
public sealed class AutomatedRollback
{
    public string Stage { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public string? ExecutionId { get; set; }
    public string? Error { get; set; }

    public bool Pending => ExecutionId is null && Error is null;
}

/// <summary>
/// What a rollback takes from its target: the pinned definition and variables, and the outputs (artifacts and output
/// variables) of every action in the stages before the rolled-back one.
/// </summary>
public sealed record RollbackSource
{
    public required string ExecutionId { get; init; }
    public required string Pipeline { get; init; }
    public required int PipelineVersion { get; init; }
    public required PipelineDefinition Definition { get; init; }
    public required Dictionary<string, string> Variables { get; init; }
    public required int StageIndex { get; init; }
    public required List<StageOutputs> EarlierStages { get; init; }
}

public sealed record StageOutputs(string Stage, List<ActionOutputs> Actions);

public sealed record ActionOutputs(string Action, List<ArtifactRef> Outputs, Dictionary<string, string> OutputVariables);
