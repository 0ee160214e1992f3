using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>Leases in batches: the jobs agents take at once cost one durable write, not one each.</summary>
public sealed partial class ExecutionGrain
{
    public async Task<Immutable<IReadOnlyList<JobSpec?>>> GrantLeasesAsync(IReadOnlyList<LeaseOffer> offers)
    {
        if (!Exists) return new(new JobSpec?[offers.Count]);
        var now = time.GetUtcNow();
        var before = Run.Checkpoint();
        var specs = offers.Select(o => Run.GrantLease(o.JobId, o.AgentId, o.AgentName, o.LeaseId, now, Options.LeaseTtl)).ToList();
        var leased = specs.OfType<JobSpec>().Select(s => s.JobId).ToList();
        if (leased.Count == 0) return new(specs);
        // The leases are durable before the agent hears of them: after a crash the run knows who holds each job.
        await PersistAsync(before, leased);
        EnsureDeadlineTimer();
        return new(specs);
    }
}
