using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using BuildFarm.Grains.Content;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Grains;

/// <summary>
/// Drives one execution. Thin on purpose: every decision is <see cref="ExecutionRun"/>'s; this grain loads the run,
/// applies a transition, persists it, and only then carries out the effects (gates, queue). A lease or a result writes
/// the actions it changed; every other transition writes the whole run (<see cref="IExecutionStore"/>).
/// </summary>
public sealed partial class ExecutionGrain(
    IExecutionStore executions,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<FarmGrainOptions> options,
    IArtifactStore store,
    ILogger<ExecutionGrain> logger) : Grain, IExecutionGrain, IRemindable
{
    private const string Watchdog = "execution-watchdog";
    private TaskCompletionSource changed = NewSignal();
    private IGrainTimer? deadlineTimer;
    /// <summary>When the deadline timer fires, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    private long deadlineTimerFiresAt;
    /// <summary>The summary as last persisted: served without waiting for the turn in progress (it never shows a state not yet durable).</summary>
    private ExecutionSummaryRecord? persistedSummary;
    /// <summary>The run, as loaded and changed since; null until the execution exists.</summary>
    private ExecutionRun? current;
    private string? etag;
    /// <summary>
    /// Memory is ahead of the store by more than the next transition's actions (a write failed, or an admission waits to
    /// be written with its first lease): the next write is a snapshot.
    /// </summary>
    private bool snapshotDue;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => current is not null;

    private ExecutionRun Run => current ?? throw FarmException.NotFound($"execution '{Id}' does not exist");

    private FarmGrainOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await executions.ReadAsync(Id, cancellationToken) is { } stored)
        {
            current = stored.Restore(Id);
            etag = stored.ETag;
            persistedSummary = Summary();
        }
        if (current is null || current.Status.IsTerminal()) return;
        try
        {
            await RecoverAsync(extendLeases: true);
        }
        catch (Exception e)
        {
            // The execution stays reachable (its state is intact); the watchdog reminder recovers it again.
            logger.LogWarning(e, "Execution {Execution}: recovery on activation failed; the watchdog will retry", Id);
        }
    }

    public async Task StartAsync(Immutable<ExecutionRun> start)
    {
        var run = start.Value;
        if (current is not null)
        {
            if (current.Id == run.Id) return; // a retried start
            throw FarmException.Precondition($"execution '{Id}' already exists");
        }
        current = run;
        var effects = run.Begin(time.GetUtcNow());
        // The watch goes alongside the first write (both before the start is acknowledged): a watchdog that wakes an
        // execution whose write failed finds nothing stored, and stops watching.
        await Task.WhenAll(PersistAsync(), WatchAsync());
        await CarryOutAsync(effects);
    }

    /// <summary>The watchdog reminder and the active-executions catalog: what wakes an unfinished execution after a restart.</summary>
    private async Task WatchAsync()
    {
        await this.RegisterOrUpdateReminder(Watchdog, Options.WatchdogPeriod, Options.WatchdogPeriod);
        await grains.Get<ICatalogGrain>(CatalogKeys.ActiveExecutions).AddAsync(Id);
    }

    public Task<ExecutionRun> GetAsync() => Task.FromResult(Run.DeepCopy());

    public Task<ExecutionSummaryRecord> GetSummaryAsync() => Task.FromResult(persistedSummary ?? Summary());

    private ExecutionSummaryRecord Summary() => new()
    {
        ExecutionId = Run.Id,
        Pipeline = Run.Pipeline,
        PipelineVersion = Run.PipelineVersion,
        Status = Run.Status,
        StatusSummary = Run.StatusSummary,
        Trigger = Run.Trigger,
        TriggerInfo = Run.TriggerInfo,
        CreatedAt = Run.CreatedAt,
        FinishedAt = Run.FinishedAt,
        Type = Run.Type,
    };

    public async Task<ExecutionRun> WaitForChangeAsync(long afterRevision, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (Run.Revision <= afterRevision && !Run.Status.IsTerminal())
            await Task.WhenAny(changed.Task, Task.Delay(wait, cancellationToken));
        return Run.DeepCopy();
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases) =>
        Task.FromResult(Exists
            ? Run.RenewLeases(leases, time.GetUtcNow(), Options.LeaseTtl)
            : (IReadOnlyList<string>)leases.Select(l => l.LeaseId).ToList());

    public Task<bool> IsLeaseLiveAsync(string jobId, string leaseId) =>
        Task.FromResult(Exists && Run.IsLeaseLive(jobId, leaseId));

    public Task<ActionAttempt?> GetAttemptAsync(string stage, string action, int attempt) =>
        Task.FromResult(Run.FindAttempt(stage, action, attempt)?.DeepCopy());

    public Task<ActionAttempt?> GetBuildAttemptAsync(string stage, string action, int attempt, string build) =>
        Task.FromResult(Run.FindChildAttempt(stage, action, attempt, build)?.DeepCopy());

    public async Task StageAdmittedAsync(string stage)
    {
        var effects = Run.StageAdmitted(StageIndex(stage), time.GetUtcNow());
        if (effects.IsEmpty) return;
        await PersistAsync();
        await CarryOutAsync(effects);
    }

    public async Task SupersededAsync(string stage, string newerExecutionId)
    {
        var effects = Run.Supersede(StageIndex(stage), newerExecutionId, time.GetUtcNow());
        if (effects.IsEmpty) return;
        await PersistAsync();
        await CarryOutAsync(effects);
    }

    public Task WakeAsync() => Task.CompletedTask;

    public Task ResumeAsync() => Exists && !Run.Status.IsTerminal() ? RecoverAsync(extendLeases: true) : Task.CompletedTask;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog) return;
        if (!Exists || Run.Status.IsTerminal())
        {
            // A finish whose effects were cut short: release the gates again, ask again for a rollback, then stop waking.
            if (Exists) await LeaveFinishedStagesAsync();
            if (Exists && !await RequestPendingRollbacksAsync()) return;
            await FinishedAsync();
            return;
        }
        await RecoverAsync(extendLeases: false);
        await CheckDeadlinesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Puts back what only lived in memory: queued jobs (the queue is not durable), the gate request of a waiting
    /// stage, stage exits that may have been lost, and the lease timer. Safe to repeat.
    /// </summary>
    private async Task RecoverAsync(bool extendLeases)
    {
        var run = Run;
        // After a restart or a node's death, agents need a lease's life to reconnect and renew; a watchdog tick must not
        // extend anything, or a lost agent's lease would never run out.
        if (extendLeases) run.ExtendLeasesAfterRecovery(time.GetUtcNow(), Options.LeaseTtl);
        await LeaveFinishedStagesAsync();
        var effects = new ExecutionEffects();
        effects.Enqueue.AddRange(run.QueuedTickets());
        effects.Combines.AddRange(run.PendingCombines());
        if (run.CurrentStageRun is { Status: StageStatus.Waiting } waiting)
        {
            effects.EnterStage = run.CurrentStage;
            effects.Reenter = waiting.Reentering;
        }
        await CarryOutAsync(effects);
        EnsureDeadlineTimer();
    }

    /// <summary>Leaves (again) every stage the execution is done with, and records its successes as rollback targets.</summary>
    private async Task LeaveFinishedStagesAsync()
    {
        var run = Run;
        for (var i = 0; i < run.Stages.Count; i++)
            if (run.Stages[i].Status is not (StageStatus.Pending or StageStatus.InProgress or StageStatus.Waiting) || run.Status.IsTerminal())
                await Stage(i).ExitAsync(Id, run.Definition.ExecutionMode,
                    run.Stages[i].Status == StageStatus.Succeeded ? SuccessOf(i) : null);
    }

    private StageSuccess? SuccessOf(int stage) =>
        Run.Type == ExecutionType.Standard ? new StageSuccess(Id, Run.PipelineVersion, Run.Stages[stage].FinishedAt ?? time.GetUtcNow()) : null;

    /// <summary>Carries out a persisted transition's effects; admission to the next stage is itself a transition.</summary>
    private async Task CarryOutAsync(ExecutionEffects effects)
    {
        var run = Run;
        var mode = run.Definition.ExecutionMode;
        while (true)
        {
            effects = await ResolveAsync(effects);
            // The rollback asks the gate before this execution leaves it, so that it goes first (SUPERSEDED) or takes its turn (QUEUED).
            var rollbackPending = effects.StartRollback is not null && !await RequestPendingRollbacksAsync();
            // The exit from one gate and the entry to the next are two grains' writes: they go at once.
            var exit = effects.LeaveStage is { } left ? Stage(left).ExitAsync(Id, mode, effects.LeftSucceeded ? SuccessOf(left) : null) : Task.CompletedTask;
            foreach (var pool in effects.Enqueue.GroupBy(t => t.Pool))
                await grains.Get<IJobQueueGrain>(pool.Key).EnqueueAsync(new(pool.ToList()));
            await RecordInCacheAsync(effects.CacheRecords);
            if (effects.Finished || effects.EnterStage is not { } entered)
            {
                await exit;
                if (!effects.Finished) break;
                if (!rollbackPending) await FinishedAsync();
                return;
            }
            if (effects.LeaveStage == entered) await exit; // one gate: the exit goes first
            if (effects.Reenter)
            {
                var reentry = Stage(entered).ReenterAsync(Id, mode);
                await Task.WhenAll(exit, reentry);
                if (reentry.Result is { } refusal)
                {
                    effects = run.ReentryRefused(run.Stages[entered].Name, refusal, time.GetUtcNow());
                    await PersistAsync();
                    continue;
                }
            }
            else
            {
                var entry = Stage(entered).EnterAsync(Id, mode);
                await Task.WhenAll(exit, entry);
                if (entry.Result != GateDecision.Admitted) break;
            }
            effects = run.StageAdmitted(entered, time.GetUtcNow());
            if (effects.IsEmpty) break;
            // An admission that only queues work is written with its first lease or cache answer: a crash before then
            // loses nothing anyone heard of, and recovery finds the stage waiting and enters it again (its gate knows it).
            if (effects.OnlyQueuesWork) snapshotDue = true;
            else await PersistAsync();
        }
        EnsureDeadlineTimer();
    }

    /// <summary>
    /// The effects that are transitions of their own: cache lookups (hits complete attempts, misses are queued) and
    /// batches' combined artifacts. Each answer is applied and persisted; its effects join the rest.
    /// </summary>
    private async Task<ExecutionEffects> ResolveAsync(ExecutionEffects effects)
    {
        while (effects.CacheLookups.Count > 0 || effects.Combines.Count > 0)
        {
            var lookups = effects.CacheLookups.ToList();
            var combines = effects.Combines.ToList();
            effects.CacheLookups.Clear();
            effects.Combines.Clear();
            var next = new ExecutionEffects();
            var before = Run.Checkpoint();
            var applied = lookups.Count > 0;
            if (applied)
                next.Merge(Run.ApplyCacheAnswers(await new ActionCacheLookup(grains, store, logger).AnswerAsync(lookups), time.GetUtcNow()));
            foreach (var combine in combines)
            {
                try
                {
                    var (outputs, failure) = await new BatchArtifactCombiner(store).CombineAsync(combine);
                    next.Merge(Run.CompleteBatch(combine.JobId, outputs, failure, time.GetUtcNow()));
                    applied = true;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The attempt stays combining; the watchdog's recovery tries again.
                    logger.LogWarning(e, "Execution {Execution}: could not combine the artifacts of {Job}; the watchdog tries again", Id, combine.JobId);
                }
            }
            if (applied) await PersistAsync(before, lookups.Select(l => l.JobId).Concat(combines.Select(c => c.JobId)));
            effects.Merge(next);
        }
        return effects;
    }

    /// <summary>
    /// After the execution persisted the attempts: a cache entry that cannot be written costs a later hit, never this
    /// execution, so a failure is logged and passed over.
    /// </summary>
    private async Task RecordInCacheAsync(IReadOnlyList<ActionCacheEntry> entries)
    {
        foreach (var entry in entries)
        {
            try
            {
                await grains.Get<IActionCacheGrain>(entry.Key).PutAsync(entry);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Execution {Execution}: could not record {Stage}/{Action} in the action cache", Id, entry.Stage, entry.Action);
            }
        }
    }

    private async Task FinishedAsync()
    {
        StopDeadlineTimer();
        if (Exists && !await Triggers.ExecutionFinishNotice.SendAsync(grains, Run, logger)) return;
        if (await this.GetReminder(Watchdog) is { } reminder) await this.UnregisterReminder(reminder);
        await grains.Get<ICatalogGrain>(CatalogKeys.ActiveExecutions).RemoveAsync(Id);
    }

    /// <summary>Writes the whole run.</summary>
    private Task PersistAsync() => WriteAsync(null);

    /// <summary>
    /// Writes what a transition about <paramref name="jobs"/> changed since <paramref name="before"/> (its actions when that
    /// is all), with the log tails its results brought.
    /// </summary>
    private Task PersistAsync(ExecutionCheckpoint before, IEnumerable<string> jobs, IReadOnlyList<JobLogTail>? logTails = null) =>
        WriteAsync(snapshotDue || etag is null ? null : Run.ActionsChangedSince(before, jobs), logTails);

    private async Task WriteAsync(IReadOnlyList<int>? changedActions, IReadOnlyList<JobLogTail>? logTails = null)
    {
        var run = Run;
        try
        {
            etag = changedActions is null
                ? await executions.WriteSnapshotAsync(Id, etag, run.Revision, ExecutionRunStorage.Snapshot(run), logTails)
                : await executions.WriteActionsAsync(Id, etag!, run.Revision,
                    changedActions.Select(a => new ActionRow(run.CurrentStage, a, ExecutionRunStorage.ActionRow(run, run.CurrentStage, a))).ToList(),
                    logTails);
            snapshotDue = false;
        }
        catch
        {
            // Memory is now ahead of the store with a transition its caller is told failed: the next activation reloads
            // what is durable, so that a retried call finds the run as it was.
            snapshotDue = true;
            this.DeactivateOnIdle();
            throw;
        }
        persistedSummary = Summary();
        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>
    /// One timer at the run's next deadline (a lease, an approval, a job's timeout), re-armed after every change. It
    /// never waits longer than the watchdog period: the watchdog reminder is the durable backstop, the timer the
    /// precise one.
    /// </summary>
    private void EnsureDeadlineTimer()
    {
        if (Run.NextDeadline() is not { } next)
        {
            StopDeadlineTimer();
            return;
        }
        var due = next - time.GetUtcNow();
        due = due < MinimumTimerDue ? MinimumTimerDue : due > Options.WatchdogPeriod ? Options.WatchdogPeriod : due;
        // A timer armed to fire no later stays (most transitions leave the earliest deadline where it was): one that
        // fires early finds nothing due and arms the next. Timers run on the real clock, whatever the run's clock says.
        var firesAt = Environment.TickCount64 + (long)due.TotalMilliseconds;
        if (deadlineTimer is not null && deadlineTimerFiresAt <= firesAt) return;
        StopDeadlineTimer();
        deadlineTimer = this.RegisterGrainTimer(CheckDeadlinesAsync,
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        deadlineTimerFiresAt = firesAt;
    }

    private void StopDeadlineTimer()
    {
        deadlineTimer?.Dispose();
        deadlineTimer = null;
    }

    private static readonly TimeSpan MinimumTimerDue = TimeSpan.FromMilliseconds(50);

    private async Task CheckDeadlinesAsync(CancellationToken cancellationToken)
    {
        StopDeadlineTimer(); // it fired: it fires no more
        if (!Exists) return;
        var effects = Run.CheckDeadlines(time.GetUtcNow());
        if (!effects.IsEmpty)
        {
            logger.LogInformation("Execution {Execution}: deadlines passed (leases, approvals or timeouts)", Id);
            await PersistAsync();
            await CarryOutAsync(effects);
        }
        EnsureDeadlineTimer();
    }

    private int StageIndex(string stage)
    {
        var index = Run.Stages.FindIndex(s => s.Name == stage);
        return index >= 0 ? index : throw FarmException.NotFound($"execution '{Id}' has no stage '{stage}'");
    }

    private IStageGrain Stage(int index) => grains.Get<IStageGrain>(IStageGrain.KeyOf(Run.Pipeline, Run.Stages[index].Name));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
