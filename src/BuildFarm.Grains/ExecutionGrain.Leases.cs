using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>Leases in batches: the jobs one agent takes at once cost one durable write, not one each.</summary>
public sealed partial class ExecutionGrain
{
    public async Task<IReadOnlyList<JobSpec>> GrantLeasesAsync(IReadOnlyList<LeaseOffer> offers, string agentId, string agentName)
    {
        if (!Exists) return [];
        var now = time.GetUtcNow();
        var before = Run.Checkpoint();
        var specs = new List<JobSpec>(offers.Count);
        foreach (var offer in offers)
            if (Run.GrantLease(offer.JobId, agentId, agentName, offer.LeaseId, now, Options.LeaseTtl) is { } spec)
                specs.Add(spec);
        if (specs.Count == 0) return specs;
        // The leases are durable before the agent hears of them: after a crash the run knows who holds each job.
        await PersistAsync(before, specs.Select(s => s.JobId));
        EnsureDeadlineTimer();
        return specs;
    }
}
