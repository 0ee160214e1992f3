using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Grains;

namespace BuildFarm.Server.Services;

/// <summary>
/// Which waiting jobs no online agent can take, and why: a job is waiting for such an agent when no online agent serves
/// its pool with every label it requires. Asked when someone looks (`farm executions show`, `farm agents list`), so the
/// queue's hand-off stays free of it.
/// </summary>
public sealed class AgentDemand(IGrainFactory grains)
{
    public async Task<IReadOnlyList<AgentSnapshot>> AgentsAsync()
    {
        var ids = await grains.Get<ICatalogGrain>(CatalogKeys.Agents).ListAsync();
        return (await Task.WhenAll(ids.Select(id => grains.Get<IAgentGrain>(id).GetAsync()))).OfType<AgentSnapshot>().ToList();
    }

    /// <summary>Null when some online agent can take a job with these labels; otherwise what it waits for.</summary>
    public static string? WhyWaiting(IReadOnlyDictionary<string, string> required, IReadOnlyList<AgentSnapshot> agents)
    {
        var online = agents.Where(a => a.Online).ToList();
        var pool = AgentLabels.PoolOf(required);
        if (online.Any(a => AgentLabels.PoolOf(a.Registration.Labels) == pool && AgentLabels.Satisfies(required, a.Registration.Labels))) return null;
        var count = online.Count == 1 ? "the 1 online agent" : $"the {online.Count} online agents";
        if (online.Count == 0) return required.Count == 0 ? "waiting for an agent (no agent is online)" : $"waiting for an agent with {AgentLabels.Describe(required)} (no agent is online)";
        return required.Count == 0
            ? $"waiting for an agent of pool '{pool}' (none of {count} serves it)"
            : $"waiting for an agent with {AgentLabels.Describe(required)} (none of {count} matches)";
    }

    /// <summary>Says on every queued attempt of the execution that no online agent can take why it waits.</summary>
    public async Task AnnotateAsync(Execution execution)
    {
        var queued = execution.Stages.SelectMany(s => s.Actions)
            .SelectMany(a => Queued(a).Select(attempt => (Action: a, Attempt: attempt)))
            .ToList();
        if (queued.Count == 0) return;
        var agents = await AgentsAsync();
        foreach (var (action, attempt) in queued)
            attempt.WaitingFor = WhyWaiting(action.Labels, agents) ?? "";
    }

    /// <summary>Jobs waiting in any pool for labels no online agent has, grouped by pool and labels.</summary>
    public async Task<IReadOnlyList<WaitingWork>> UnmatchedAsync(IReadOnlyList<AgentSnapshot> agents)
    {
        var pools = await grains.Get<ICatalogGrain>(CatalogKeys.Pools).ListAsync();
        var demands = (await Task.WhenAll(pools.Select(p => grains.Get<IJobQueueGrain>(p).GetDemandAsync()))).SelectMany(d => d);
        var unmatched = new List<WaitingWork>();
        foreach (var demand in demands)
        {
            var required = new Dictionary<string, string>(demand.Labels);
            if (demand.Pool != AgentLabels.DefaultPool) required[AgentLabels.PoolKey] = demand.Pool;
            if (WhyWaiting(required, agents) is null) continue;
            var work = new WaitingWork { Pool = demand.Pool, Jobs = demand.Jobs, OldestJobId = demand.OldestJobId, Since = demand.Since.ToProto() };
            work.Labels.AddAll(required);
            unmatched.Add(work);
        }
        return unmatched;
    }

    private static IEnumerable<ActionAttempt> Queued(ActionExecution action)
    {
        foreach (var attempt in action.Attempts)
        {
            if (attempt.Status == "Queued") yield return attempt;
            foreach (var build in attempt.Batch?.Builds ?? [])
                foreach (var buildAttempt in build.Attempts.Where(b => b.Status == "Queued"))
                    yield return buildAttempt;
        }
    }
}
