using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains;

/// <summary>Leases and results in batches: what agents ask and report at once costs the execution one durable write.</summary>
public sealed partial class ExecutionGrain
{
    public async Task<Immutable<IReadOnlyList<JobAnswer>>> ApplyAsync(Immutable<IReadOnlyList<JobTransition>> transitions)
    {
        var items = transitions.Value;
        if (!Exists && items.All(t => t.Lease is not null))
            return new(items.Select(_ => new JobAnswer(null, null)).ToList()); // an unknown execution wants no job
        var now = time.GetUtcNow();
        var before = Run.Checkpoint();
        var effects = new ExecutionEffects();
        var answers = new List<JobAnswer>(items.Count);
        var changed = new List<string>(items.Count);
        var logTails = new List<JobLogTail>();
        var resultRefused = false;
        foreach (var item in items)
        {
            if (item.Lease is { } offer)
            {
                if (item.AfterAcceptedResult && resultRefused)
                {
                    answers.Add(new JobAnswer(null, "the result it went with was refused"));
                    continue;
                }
                var spec = Run.GrantLease(offer.JobId, offer.AgentId, offer.AgentName, offer.LeaseId, now, Options.LeaseTtl);
                if (spec is not null) changed.Add(spec.JobId);
                answers.Add(new JobAnswer(spec, null));
                continue;
            }
            var result = item.Result ?? throw FarmException.Invalid("a job transition needs a lease or a result");
            var (applied, refusal) = Run.Complete(result.JobId, result.LeaseId, result.Result, now);
            answers.Add(new JobAnswer(null, refusal));
            resultRefused = refusal is not null;
            if (refusal is not null)
            {
                logger.LogInformation("Execution {Execution}: refused a result: {Refusal}", Id, refusal);
                continue;
            }
            changed.Add(result.JobId);
            if (result.LogTail is { } tail) logTails.Add(tail);
            effects.Merge(applied);
        }
        if (changed.Count == 0) return new(answers);
        // Durable before anyone hears of it: the leases before their agents, the results (and their logs' ends) before
        // their agents' calls return.
        await PersistAsync(before, changed, logTails);
        await CarryOutAsync(effects);
        return new(answers);
    }
}
