using BuildFarm.Core.Definitions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Grains;

/// <summary>
/// The triggers of one pipeline (keyed by pipeline name): subscribes to what they watch, decides whether a change,
/// a schedule slot or an upstream success starts an execution, starts it exactly once, and keeps what each trigger saw
/// and started.
/// </summary>
public interface IPipelineTriggersGrain : IGrainWithStringKey
{
    /// <summary>The pipeline's newest declaration (null: deleted); subscriptions follow its triggers.</summary>
    /// <remarks>One-way: the pipeline grain never waits on its triggers (their events wait on it), so the two cannot deadlock.</remarks>
    [OneWay] Task ConfigureAsync(PipelineDefinition? definition);

    /// <summary>A change of a watched repository; answers the executions it started.</summary>
    Task<IReadOnlyList<string>> OnChangeAsync(RepositoryChange change);

    /// <summary>A schedule slot is due (sent by the schedule grain, possibly more than once for one slot).</summary>
    Task OnScheduleSlotAsync(string source, DateTimeOffset slot, int missed);

    /// <summary>An execution of an upstream pipeline ended.</summary>
    Task OnUpstreamFinishedAsync(ExecutionOutcome outcome);

    [ReadOnly] Task<IReadOnlyList<TriggerStatusRecord>> ListAsync();
}

[GenerateSerializer, Immutable, Alias("triggered-execution")]
public sealed record TriggeredExecutionRecord
{
    [Id(0)] public string? ExecutionId { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public required string Detail { get; init; }
    /// <summary>Null when an execution was started; otherwise why not.</summary>
    [Id(3)] public string? Skipped { get; init; }
}

[GenerateSerializer, Immutable, Alias("trigger-status")]
public sealed record TriggerStatusRecord
{
    [Id(0)] public required string Source { get; init; }
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public required string Watches { get; init; }
    [Id(3)] public DateTimeOffset? LastCheckAt { get; init; }
    [Id(4)] public string? LastResult { get; init; }
    [Id(5)] public IReadOnlyList<TriggeredExecutionRecord> Started { get; init; } = [];
    [Id(6)] public DateTimeOffset? NextAt { get; init; }
    [Id(7)] public string? Problem { get; init; }
}
