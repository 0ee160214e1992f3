using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using BuildFarm.Core.Triggers;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains.Triggers;

public sealed class PipelineTriggersGrain(
    [PersistentState("pipeline-triggers", FarmGrainOptions.StorageName)] IPersistentState<PipelineTriggersState> state,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<PipelineTriggersGrain> logger) : Grain, IPipelineTriggersGrain
{
    private string Name => this.GetPrimaryKeyString();

    private PipelineDefinition? Definition => state.State.Definition;

    public async Task ConfigureAsync(PipelineDefinition? definition)
    {
        var plan = TriggerSubscriptions.Plan(Name, definition);
        foreach (var key in state.State.Repositories.Except(plan.Repositories.Keys))
            await grains.Get<IRepositoryGrain>(key).UnsubscribeAsync(Name);
        foreach (var (key, subscription) in plan.Repositories)
            await grains.Get<IRepositoryGrain>(key).SubscribeAsync(subscription);
        foreach (var key in state.State.Schedules.Except(plan.Schedules.Select(s => IScheduleGrain.KeyOf(Name, s.Source))))
            await grains.Get<IScheduleGrain>(key).ConfigureAsync(null);
        foreach (var schedule in plan.Schedules)
            await grains.Get<IScheduleGrain>(IScheduleGrain.KeyOf(Name, schedule.Source)).ConfigureAsync(schedule);
        foreach (var upstream in state.State.Upstreams.Except(plan.Upstreams))
            await grains.Get<IPipelineHooksGrain>(upstream).UnsubscribeAsync(Name);
        foreach (var upstream in plan.Upstreams)
            await grains.Get<IPipelineHooksGrain>(upstream).SubscribeAsync(Name);

        var runtime = new Dictionary<string, TriggerRuntime>();
        for (var i = 0; i < (definition?.Triggers.Count ?? 0); i++)
        {
            var source = Source(i);
            var watches = TriggerDescriptions.Of(definition!.Triggers[i], definition);
            runtime[source] = state.State.Runtime.TryGetValue(source, out var kept) && kept.Watches == watches ? kept : new TriggerRuntime { Watches = watches };
        }
        state.State.Definition = definition;
        state.State.Runtime = runtime;
        state.State.Repositories = [.. plan.Repositories.Keys];
        state.State.Schedules = [.. plan.Schedules.Select(s => IScheduleGrain.KeyOf(Name, s.Source))];
        state.State.Upstreams = [.. plan.Upstreams];
        await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<string>> OnChangeAsync(RepositoryChange change)
    {
        if (Definition is not { } definition) return [];
        var now = time.GetUtcNow();
        var revisions = new Dictionary<string, SourceRevision>();
        var matched = new List<(string Source, TriggerRuntime Runtime, string Reason)>();
        for (var i = 0; i < definition.Triggers.Count; i++)
        {
            if (definition.Triggers[i].GitConfiguration is not { } git || !state.State.Runtime.TryGetValue(Source(i), out var runtime)) continue;
            var action = TriggerDescriptions.SourceAction(definition, git.SourceActionName);
            if (action?.Configuration.GetValueOrDefault(GitSource.Repository) is not { } url || RepositoryUrls.Key(url) != RepositoryUrls.Key(change.RepositoryUrl)) continue;
            var decision = GitTriggerMatcher.Decide(git, change, GitSource.BranchOf(action));
            runtime.LastEventAt = now;
            runtime.LastResult = $"{decision.Reason} ({change.Via}, {now:u})";
            if (!decision.Matched || runtime.Handled.Contains(change.Key)) continue;
            matched.Add((Source(i), runtime, decision.Reason));
            revisions[action.Name] = RevisionOf(change, action);
        }
        if (matched.Count == 0)
        {
            await state.WriteStateAsync();
            return [];
        }
        var trigger = new ExecutionTrigger
        {
            Type = change.Kind switch { ChangeKind.TagPush => TriggerType.Tag, ChangeKind.PullRequest => TriggerType.PullRequest, _ => TriggerType.Push },
            Detail = $"{GitTriggerMatcher.Describe(change)}{(change.Actor is { Length: > 0 } actor ? $" by {actor}" : "")} at {GitRefs.Short(change.After!)} ({change.Via})",
            Source = string.Join(", ", matched.Select(m => m.Source)),
            Revision = change.After,
        };
        var record = await StartAsync(TriggeredExecutionIds.For($"{Name}|{change.Key}"), trigger, revisions, now);
        foreach (var (_, runtime, _) in matched) runtime.Record(record, change.Key);
        await state.WriteStateAsync();
        return record.Skipped is null && record.ExecutionId is { } id ? [id] : [];
    }

    public async Task OnScheduleSlotAsync(string source, DateTimeOffset slot, int missed)
    {
        if (Definition is not { } definition || !state.State.Runtime.TryGetValue(source, out var runtime)
            || definition.Triggers.ElementAtOrDefault(SourceIndex(source))?.Schedule is not { } schedule) return;
        var key = $"slot|{slot:O}";
        if (runtime.Handled.Contains(key)) return;
        var now = time.GetUtcNow();
        var detail = $"slot {slot:u} of '{schedule.Cron}' ({schedule.TimeZone})" + (missed > 0 ? $"; {missed} earlier slot(s) passed while the farm was down" : "");
        runtime.LastEventAt = now;
        runtime.LastResult = detail;
        if (schedule.SkipIfRunning && runtime.LastExecutionId is { } previous && await IsRunningAsync(previous))
            runtime.Record(new TriggeredExecutionRecord { At = now, Detail = detail, Skipped = $"the previous scheduled run {previous} is still going", ExecutionId = previous }, key);
        else
        {
            var trigger = new ExecutionTrigger { Type = TriggerType.Schedule, Detail = detail, Source = source, Revision = slot.ToString("O") };
            runtime.Record(await StartAsync(TriggeredExecutionIds.For($"{Name}|{source}|{key}"), trigger, [], now), key);
        }
        await state.WriteStateAsync();
    }

    public async Task OnUpstreamFinishedAsync(ExecutionOutcome outcome)
    {
        if (Definition is not { } definition) return;
        var now = time.GetUtcNow();
        var key = $"upstream|{outcome.ExecutionId}";
        for (var i = 0; i < definition.Triggers.Count; i++)
        {
            if (definition.Triggers[i].Upstream?.Pipeline != outcome.Pipeline || !state.State.Runtime.TryGetValue(Source(i), out var runtime)
                || runtime.Handled.Contains(key)) continue;
            var detail = $"execution {outcome.ExecutionId} of '{outcome.Pipeline}' {outcome.Status.ToString().ToLowerInvariant()}";
            runtime.LastEventAt = now;
            runtime.LastResult = detail;
            if (outcome.Status != ExecutionStatus.Succeeded) continue;
            var (revisions, missing) = UpstreamRevisions(definition, outcome);
            var record = missing is not null
                ? new TriggeredExecutionRecord { At = now, Detail = detail, Skipped = missing }
                : await StartAsync(TriggeredExecutionIds.For($"{Name}|{key}"),
                    new ExecutionTrigger { Type = TriggerType.Upstream, Detail = detail, Source = Source(i), Revision = outcome.ExecutionId }, revisions, now);
            runtime.Record(record, key);
        }
        await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<TriggerStatusRecord>> ListAsync()
    {
        if (Definition is not { } definition) return [];
        var result = new List<TriggerStatusRecord>();
        for (var i = 0; i < definition.Triggers.Count; i++)
        {
            var trigger = definition.Triggers[i];
            var runtime = state.State.Runtime.GetValueOrDefault(Source(i)) ?? new TriggerRuntime();
            var status = new TriggerStatusRecord
            {
                Source = Source(i),
                Kind = trigger.Kind,
                Watches = TriggerDescriptions.Of(trigger, definition),
                LastCheckAt = runtime.LastEventAt,
                LastResult = runtime.LastResult,
                Started = runtime.Started,
            };
            result.Add(await LiveStatusAsync(trigger, definition, status));
        }
        return result;
    }

    private async Task<TriggerStatusRecord> LiveStatusAsync(TriggerDefinition trigger, PipelineDefinition definition, TriggerStatusRecord status)
    {
        if (trigger.GitConfiguration is { } git
            && TriggerDescriptions.SourceAction(definition, git.SourceActionName)?.Configuration.GetValueOrDefault(GitSource.Repository) is { } url)
        {
            var repository = await grains.Get<IRepositoryGrain>(RepositoryUrls.Key(url)).GetStatusAsync();
            var checkedAt = Max(status.LastCheckAt, repository.LastCheckAt);
            return status with { LastCheckAt = checkedAt, Problem = repository.Problem, LastResult = status.LastResult ?? (repository.LastCheckAt is null ? null : "no change yet") };
        }
        if (trigger.Schedule is not null)
        {
            var schedule = await grains.Get<IScheduleGrain>(IScheduleGrain.KeyOf(Name, status.Source)).GetStatusAsync();
            return status with { NextAt = schedule.NextSlot, LastCheckAt = Max(status.LastCheckAt, schedule.LastCheckAt) };
        }
        if (trigger.Upstream is { } upstream && await grains.Get<IPipelineGrain>(upstream.Pipeline).GetSummaryAsync() is null)
            return status with { Problem = $"pipeline '{upstream.Pipeline}' does not exist (yet); this trigger waits for it" };
        return status;
    }

    private async Task<TriggeredExecutionRecord> StartAsync(
        string id, ExecutionTrigger trigger, Dictionary<string, SourceRevision> revisions, DateTimeOffset now)
    {
        try
        {
            var started = await grains.Get<IPipelineGrain>(Name).StartTriggeredAsync(
                new TriggeredStart { ExecutionId = id, Trigger = trigger, SourceRevisions = revisions });
            logger.LogInformation("Pipeline {Pipeline}: {Type} started {Execution}: {Detail}", Name, trigger.Type, started.ExecutionId, trigger.Detail);
            return new TriggeredExecutionRecord { ExecutionId = started.ExecutionId, At = now, Detail = trigger.Detail };
        }
        catch (FarmException e)
        {
            logger.LogWarning("Pipeline {Pipeline}: {Type} could not start an execution: {Reason}", Name, trigger.Type, e.Message);
            return new TriggeredExecutionRecord { At = now, Detail = trigger.Detail, Skipped = $"could not start: {e.Message}" };
        }
    }

    private async Task<bool> IsRunningAsync(string executionId)
    {
        try
        {
            return !(await grains.Get<IExecutionGrain>(executionId).GetSummaryAsync()).Status.IsTerminal();
        }
        catch (FarmException)
        {
            return false;
        }
    }

    private static SourceRevision RevisionOf(RepositoryChange change, ActionDefinition action)
    {
        var configuration = new Dictionary<string, string>
        {
            [GitSource.Commit] = change.After!,
            [GitSource.Ref] = change.Ref,
            [GitSource.Branch] = change.Branch ?? GitSource.BranchOf(action),
        };
        if (change.PullRequest is { } pr) configuration[GitSource.PullRequestId] = pr.Number;
        var where = change.Kind switch
        {
            ChangeKind.TagPush => $"tag {change.Name}",
            ChangeKind.PullRequest => $"pull request {change.PullRequest!.Number} ({change.PullRequest.SourceBranch})",
            _ => change.Name,
        };
        return new SourceRevision { RevisionId = change.After!, Summary = $"{where}@{GitRefs.Short(change.After!)}", Configuration = configuration };
    }

    /// <summary>The Upstream source actions that take this pipeline's artifacts, each with the artifact's digest; or why not.</summary>
    private static (Dictionary<string, SourceRevision> Revisions, string? Missing) UpstreamRevisions(PipelineDefinition definition, ExecutionOutcome outcome)
    {
        var revisions = new Dictionary<string, SourceRevision>();
        foreach (var action in definition.Stages.FirstOrDefault()?.Actions ?? [])
        {
            if (action.Provider != ProviderCatalog.Upstream.Name || action.Configuration.GetValueOrDefault("Pipeline") != outcome.Pipeline) continue;
            var artifact = action.Configuration.GetValueOrDefault("Artifact") ?? action.OutputArtifacts.FirstOrDefault()?.Name ?? "";
            if (!outcome.Artifacts.TryGetValue(artifact, out var digest))
                return (revisions, $"execution {outcome.ExecutionId} of '{outcome.Pipeline}' has no artifact '{artifact}' (it has: {string.Join(", ", outcome.Artifacts.Keys)})");
            revisions[action.Name] = new SourceRevision
            {
                RevisionId = outcome.ExecutionId,
                Summary = $"{outcome.Pipeline} {outcome.ExecutionId}: {artifact}",
                Configuration = new Dictionary<string, string> { ["UpstreamExecutionId"] = outcome.ExecutionId, ["ArtifactDigest"] = digest.ToString() },
            };
        }
        return (revisions, null);
    }

    private static string Source(int index) => $"triggers[{index}]";

    private static int SourceIndex(string source) =>
        int.TryParse(source.AsSpan("triggers[".Length, Math.Max(0, source.Length - "triggers[".Length - 1)), out var index) ? index : -1;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
