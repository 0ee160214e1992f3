using BuildFarm.Core.Triggers;

namespace BuildFarm.Grains;

/// <summary>
/// What happens when an execution of a pipeline (the key) ends: the final commit status goes to every CommitStatus
/// action's URL (through a durable outbox, tried again while the endpoint is down), and, on success, the pipelines with
/// an upstream trigger on it start.
/// </summary>
public interface IPipelineHooksGrain : IGrainWithStringKey
{
    [OneWay] Task SubscribeAsync(string downstreamPipeline);

    [OneWay] Task UnsubscribeAsync(string downstreamPipeline);

    /// <summary>Sent by the execution when it ends (again after a crash: handling is idempotent).</summary>
    Task ExecutionFinishedAsync(ExecutionOutcome outcome);

    [ReadOnly] Task<IReadOnlyList<string>> ListDownstreamAsync();

    /// <summary>Final commit statuses accepted and not yet delivered (or given up).</summary>
    [ReadOnly] Task<int> CountPendingCommitStatusesAsync();
}
