using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The action result cache. An action the cache may serve (<see cref="ActionCaching"/>) gets its key when its attempt is
/// queued (<see cref="ActionCacheKey"/>). The action's first attempt in the execution is then looked up by the grain
/// before it becomes a job: a hit whose blobs are all present completes the attempt at once with the recorded outputs,
/// variables and reports; a miss queues it. Every successful attempt with a key records its result. An execution started
/// with no-cache and a rollback look nothing up (they still record); a retried attempt always runs.
/// </summary>
public sealed partial class ExecutionRun
{
    /// <summary>Started with --no-cache: no lookups (successful attempts still record their results).</summary>
    public bool NoCache { get; set; }

    /// <summary>The grain's lookups came back: hits complete their attempts, misses are queued.</summary>
    public ExecutionEffects ApplyCacheAnswers(IReadOnlyList<CacheAnswer> answers, DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        var hit = false;
        foreach (var answer in answers)
        {
            if (Status != ExecutionStatus.InProgress || FindJob(answer.JobId) is not { Batch: null, Rule: null, Action: { } action } slot
                || slot.Attempt.Status != AttemptStatus.Queued)
                continue;
            var definition = DefinitionOf(slot.Stage, action);
            if (answer.Entry is { } entry && definition.OutputArtifacts.All(o => entry.Outputs.ContainsKey(o.Name)))
            {
                TakeFromCache(slot.Stage, action, slot.Attempt, entry, now, effects);
                hit = true;
            }
            else effects.Enqueue.Add(TicketFor(definition, slot.Attempt.JobId));
        }
        if (hit) Advance(now, effects);
        return Changed(effects);
    }

    /// <summary>Gives a cacheable attempt its key; answers the lookup to make when the attempt may be served from the cache.</summary>
    private CacheLookup? CacheLookupFor(StageRun stage, ActionRun action, ActionDefinition definition, ActionAttempt attempt)
    {
        if (!ActionCaching.IsCached(definition)) return null;
        attempt.CacheKey = ActionCacheKey.Compute(Pipeline, stage.Name, definition, attempt, Variables);
        return NoCache || RollbackOf is not null || action.Attempts.Count > 1 ? null : new CacheLookup(attempt.JobId, attempt.CacheKey);
    }

    private void TakeFromCache(StageRun stage, ActionRun action, ActionAttempt attempt, ActionCacheEntry entry, DateTimeOffset now, ExecutionEffects effects)
    {
        attempt.StartedAt = now;
        attempt.ExitCode = 0;
        attempt.Reports = entry.Reports.ToList();
        attempt.CacheHit = new CacheHitRecord
        {
            Key = entry.Key,
            ExecutionId = entry.ExecutionId,
            Stage = entry.Stage,
            Action = entry.Action,
            Attempt = entry.Attempt,
            RecordedAt = entry.RecordedAt,
        };
        Succeed(stage, action, attempt, entry.Outputs, entry.OutputVariables, now, effects);
    }

    /// <summary>An attempt succeeded with these outputs and variables; its result goes to the cache when it has a key (and did not come from it).</summary>
    private void Succeed(StageRun stage, ActionRun action, ActionAttempt attempt, IReadOnlyDictionary<string, Content.Digest> outputs,
        IReadOnlyDictionary<string, string> variables, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = DefinitionOf(stage, action);
        attempt.Status = AttemptStatus.Succeeded;
        attempt.FinishedAt ??= now;
        action.Status = ActionStatus.Succeeded;
        action.Outputs = definition.OutputArtifacts.Select(o => new ArtifactRef(o.Name, outputs[o.Name])).ToList();
        action.OutputVariables = new Dictionary<string, string>(variables);
        attempt.Outputs = action.Outputs;
        attempt.OutputVariables = action.OutputVariables;
        if (attempt.CacheKey is not { } key || attempt.CacheHit is not null) return;
        effects.CacheRecords.Add(new ActionCacheEntry
        {
            Key = key,
            Outputs = action.Outputs.ToDictionary(o => o.Name, o => o.Digest),
            OutputVariables = action.OutputVariables,
            Reports = attempt.Reports,
            ExecutionId = Id,
            Stage = stage.Name,
            Action = action.Name,
            Attempt = attempt.Number,
            RecordedAt = now,
        });
    }

    /// <summary>The queue ticket of an action's job: its pool and required labels.</summary>
    private JobTicket TicketFor(ActionDefinition definition, string jobId) =>
        definition.Labels.Count == 0
            ? new JobTicket(Id, jobId, Pool)
            : new JobTicket(Id, jobId, definition.Labels.ContainsKey(AgentLabels.PoolKey) ? AgentLabels.PoolOf(definition.Labels) : Pool) { Labels = definition.Labels };
}
