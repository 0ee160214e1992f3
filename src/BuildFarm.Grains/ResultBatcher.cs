using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Job results on their way to their executions, in batches (<see cref="ExecutionBatches{TItem,TAnswer}"/>): results
/// that arrive together cost their execution one durable write. Each caller still returns only once its own result is
/// durable, or refused.
/// </summary>
public sealed class ResultBatcher(IGrainFactory grains)
{
    private readonly ExecutionBatches<JobCompletion, string?> batches =
        new(async (executionId, results) => await grains.Get<IExecutionGrain>(executionId).CompleteAsync(new(results)));

    /// <summary>Reports a job's result. FailedPrecondition when its lease is no longer live (the result is refused).</summary>
    public async Task CompleteAsync(string executionId, JobCompletion completion)
    {
        if ((await batches.SendAsync(executionId, [completion]))[0] is { } refusal) throw FarmException.Precondition(refusal);
    }
}
