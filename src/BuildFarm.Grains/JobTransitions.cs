using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Leases and results on their way to their executions, in batches (<see cref="ExecutionBatches{TItem,TAnswer}"/>):
/// whatever this node's agents ask and report while an execution is writing goes to it together, in one call and one
/// durable write. Each caller still returns only once its own lease or result is durable, or refused.
/// </summary>
public sealed class JobTransitions(IGrainFactory grains)
{
    private readonly ExecutionBatches<JobTransition, JobAnswer> batches =
        new(async (executionId, items) => (await grains.Get<IExecutionGrain>(executionId).ApplyAsync(new(items))).Value);

    /// <summary>Leases the offered jobs; answers the specs of those still wanted, in the order offered.</summary>
    public async Task<IReadOnlyList<JobSpec>> LeaseAsync(string executionId, IEnumerable<LeaseOffer> offers) =>
        (await batches.SendAsync(executionId, offers.Select(JobTransition.Of).ToList())).Select(a => a.Spec).OfType<JobSpec>().ToList();

    /// <summary>Reports a job's result. FailedPrecondition when its lease is no longer live (the result is refused).</summary>
    public async Task CompleteAsync(string executionId, JobCompletion completion)
    {
        if ((await batches.SendAsync(executionId, [JobTransition.Of(completion)]))[0].Refusal is { } refusal)
            throw FarmException.Precondition(refusal);
    }
}
