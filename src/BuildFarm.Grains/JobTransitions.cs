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
        (await batches.SendAsync(executionId, offers.Select(o => JobTransition.Of(o)).ToList())).Select(a => a.Spec).OfType<JobSpec>().ToList();

    /// <summary>Reports a job's result. FailedPrecondition when its lease is no longer live (the result is refused).</summary>
    public Task CompleteAsync(string executionId, JobCompletion completion) => CompleteAndLeaseAsync(executionId, completion, []);

    /// <summary>
    /// Reports a job's result and leases the offered jobs of the same execution with it, in one batch: one call and
    /// one durable write where a result and then a lease took two each. The leases are granted only if the result is
    /// accepted; FailedPrecondition when it is refused (the offered jobs stay unleased). Answers the specs of the jobs
    /// still wanted, in the order offered.
    /// </summary>
    public async Task<IReadOnlyList<JobSpec>> CompleteAndLeaseAsync(string executionId, JobCompletion completion, IReadOnlyList<LeaseOffer> offers)
    {
        var answers = await batches.SendAsync(executionId, [JobTransition.Of(completion), .. offers.Select(o => JobTransition.Of(o, afterAcceptedResult: true))]);
        if (answers[0].Refusal is { } refusal) throw FarmException.Precondition(refusal);
        return answers.Skip(1).Select(a => a.Spec).OfType<JobSpec>().ToList();
    }
}
