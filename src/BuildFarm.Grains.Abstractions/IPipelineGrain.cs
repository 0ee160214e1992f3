using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>One pipeline (keyed by name): its versioned declarations and the executions started from them.</summary>
public interface IPipelineGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores the declaration as a new version, unless it equals the newest one.</summary>
    Task<ApplyOutcome> ApplyAsync(PipelineDefinition definition, string appliedBy);

    /// <summary>A version (0 = the newest); NotFound when the pipeline or that version does not exist.</summary>
    [ReadOnly] Task<PipelineVersionRecord> GetAsync(int version);

    [ReadOnly] Task<PipelineSummary?> GetSummaryAsync();

    Task DeleteAsync();

    /// <summary>Starts an execution that pins the newest version, as a person asked for it (with or without the action cache).</summary>
    Task<StartedExecution> StartManualAsync(ManualStart start);

    /// <summary>
    /// Starts an execution for a trigger, with the revisions its source actions must run. Idempotent by
    /// <see cref="TriggeredStart.ExecutionId"/>: a second call with the same id answers the first execution.
    /// </summary>
    Task<StartedExecution> StartTriggeredAsync(TriggeredStart start);

    /// <summary>Newest first.</summary>
    [ReadOnly] Task<IReadOnlyList<string>> ListExecutionIdsAsync(int limit);

    /// <summary>
    /// Starts a rollback execution of the stage to the target (by default the last execution that succeeded through
    /// it). <paramref name="automatedFrom"/> names the execution whose condition asked for it (answered once per
    /// execution and stage). FailedPrecondition when no target exists or the mode or stage does not allow it.
    /// </summary>
    Task<StartedExecution> RollbackAsync(string stage, string? targetExecutionId, string requestedBy, string? automatedFrom);

    /// <summary>Disables (reason required) or enables the stage's inbound transition. NotFound for an unknown stage.</summary>
    Task SetTransitionAsync(string stage, bool enabled, string? reason, string by);

    /// <summary>Per stage of the newest version: its transition, who is inside, who waits, its last good executions.</summary>
    Task<PipelineStateRecord> GetStateAsync();
}

[GenerateSerializer, Alias("pipeline-state-record")]
public sealed record PipelineStateRecord
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required int LatestVersion { get; init; }
    [Id(2)] public required List<StageStateRecord> Stages { get; init; }
}

[GenerateSerializer, Alias("stage-state-record")]
public sealed record StageStateRecord
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required StageGate Gate { get; init; }
}

[GenerateSerializer, Immutable, Alias("apply-outcome")]
public sealed record ApplyOutcome([property: Id(0)] int Version, [property: Id(1)] bool Changed);

[GenerateSerializer, Immutable, Alias("triggered-start")]
public sealed record TriggeredStart
{
    [Id(0)] public required string ExecutionId { get; init; }
    [Id(1)] public required Core.Executions.ExecutionTrigger Trigger { get; init; }
    [Id(2)] public Dictionary<string, Core.Executions.SourceRevision> SourceRevisions { get; init; } = [];
    [Id(3)] public Dictionary<string, string> Variables { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("manual-start")]
public sealed record ManualStart
{
    [Id(0)] public Dictionary<string, string> Variables { get; init; } = [];
    [Id(1)] public required string Trigger { get; init; }
    /// <summary>Look nothing up in the action cache (successful attempts still record their results).</summary>
    [Id(2)] public bool NoCache { get; init; }
}

[GenerateSerializer, Immutable, Alias("started-execution")]
public sealed record StartedExecution([property: Id(0)] string ExecutionId, [property: Id(1)] int PipelineVersion);

[GenerateSerializer, Alias("pipeline-version")]
public sealed record PipelineVersionRecord
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public required PipelineDefinition Definition { get; init; }
    [Id(2)] public required DateTimeOffset AppliedAt { get; init; }
    [Id(3)] public required string AppliedBy { get; init; }
    [Id(4)] public int LatestVersion { get; init; }
}

[GenerateSerializer, Immutable, Alias("pipeline-summary")]
public sealed record PipelineSummary
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required int LatestVersion { get; init; }
    [Id(2)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(3)] public required int StageCount { get; init; }
    [Id(4)] public required int ActionCount { get; init; }
    [Id(5)] public string? LastExecutionId { get; init; }
}
