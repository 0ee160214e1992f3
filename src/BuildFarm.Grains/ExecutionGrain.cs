using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Grains;

/// <summary>
/// Drives one execution. Thin on purpose: every decision is <see cref="ExecutionRun"/>'s; this grain loads the run,
/// applies a transition, persists it, and only then carries out the effects (gates, queue).
/// </summary>
public sealed class ExecutionGrain(
    [PersistentState("execution", FarmGrainOptions.StorageName)] IPersistentState<ExecutionRun> state,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<FarmGrainOptions> options,
    ILogger<ExecutionGrain> logger) : Grain, IExecutionGrain, IRemindable
{
    private const string Watchdog = "execution-watchdog";
    private TaskCompletionSource changed = NewSignal();
    private IGrainTimer? leaseTimer;

    private string Id => this.GetPrimaryKeyString();

    private ExecutionRun Run => state.RecordExists ? state.State : throw FarmException.NotFound($"execution '{Id}' does not exist");

    private FarmGrainOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !state.State.Status.IsTerminal()) await RecoverAsync();
    }

    public async Task StartAsync(ExecutionRun run)
    {
        if (state.RecordExists)
        {
            if (state.State.Id == run.Id) return; // a retried start
            throw FarmException.Precondition($"execution '{Id}' already exists");
        }
        state.State = run;
        var effects = run.Begin(time.GetUtcNow());
        await PersistAsync();
        await this.RegisterOrUpdateReminder(Watchdog, Options.WatchdogPeriod, Options.WatchdogPeriod);
        await grains.GetGrain<ICatalogGrain>(CatalogKeys.ActiveExecutions).AddAsync(Id);
        await CarryOutAsync(effects);
    }

    public Task<ExecutionRun> GetAsync() => Task.FromResult(Run.DeepCopy());

    public Task<ExecutionSummaryRecord> GetSummaryAsync() => Task.FromResult(new ExecutionSummaryRecord
    {
        ExecutionId = Run.Id,
        Pipeline = Run.Pipeline,
        PipelineVersion = Run.PipelineVersion,
        Status = Run.Status,
        StatusSummary = Run.StatusSummary,
        Trigger = Run.Trigger,
        CreatedAt = Run.CreatedAt,
        FinishedAt = Run.FinishedAt,
    });

    public async Task<ExecutionRun> WaitForChangeAsync(long afterRevision, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (Run.Revision <= afterRevision && !Run.Status.IsTerminal())
            await Task.WhenAny(changed.Task, Task.Delay(wait, cancellationToken));
        return Run.DeepCopy();
    }

    public async Task<JobSpec?> GrantLeaseAsync(string jobId, string agentId, string agentName, string leaseId)
    {
        if (!state.RecordExists) return null;
        var spec = Run.GrantLease(jobId, agentId, agentName, leaseId, time.GetUtcNow(), Options.LeaseTtl);
        if (spec is null) return null;
        // The lease is durable before the agent hears of it: after a crash the run knows who holds the job.
        await PersistAsync();
        EnsureLeaseTimer();
        return spec;
    }

    public async Task CompleteAsync(string jobId, string leaseId, JobResult result)
    {
        var (effects, refusal) = Run.Complete(jobId, leaseId, result, time.GetUtcNow());
        if (refusal is not null)
        {
            logger.LogInformation("Execution {Execution}: refused a result: {Refusal}", Id, refusal);
            throw FarmException.Precondition(refusal);
        }
        await PersistAsync();
        await CarryOutAsync(effects);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases) =>
        Task.FromResult(state.RecordExists
            ? Run.RenewLeases(leases, time.GetUtcNow(), Options.LeaseTtl)
            : (IReadOnlyList<string>)leases.Select(l => l.LeaseId).ToList());

    public Task<bool> IsLeaseLiveAsync(string jobId, string leaseId) =>
        Task.FromResult(state.RecordExists && Run.IsLeaseLive(jobId, leaseId));

    public Task<ActionAttempt?> GetAttemptAsync(string stage, string action, int attempt) =>
        Task.FromResult(Run.FindAttempt(stage, action, attempt)?.DeepCopy());

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

    public Task ResumeAsync() => state.RecordExists && !Run.Status.IsTerminal() ? RecoverAsync() : Task.CompletedTask;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Watchdog) return;
        if (!state.RecordExists || Run.Status.IsTerminal())
        {
            // A finish whose effects were cut short: release the gates again, then stop waking.
            if (state.RecordExists) await LeaveFinishedStagesAsync();
            await FinishedAsync();
            return;
        }
        await RecoverAsync();
    }

    /// <summary>
    /// Puts back what only lived in memory: queued jobs (the queue is not durable), the gate request of a waiting
    /// stage, stage exits that may have been lost, and the lease timer. Safe to repeat.
    /// </summary>
    private async Task RecoverAsync()
    {
        var run = Run;
        run.ExtendLeasesAfterRecovery(time.GetUtcNow(), Options.LeaseTtl);
        await LeaveFinishedStagesAsync();
        var effects = new ExecutionEffects();
        effects.Enqueue.AddRange(run.QueuedTickets());
        if (run.CurrentStageRun is { Status: StageStatus.Waiting }) effects.EnterStage = run.CurrentStage;
        await CarryOutAsync(effects);
        EnsureLeaseTimer();
    }

    private async Task LeaveFinishedStagesAsync()
    {
        var run = Run;
        for (var i = 0; i < run.Stages.Count; i++)
            if (run.Stages[i].Status is not (StageStatus.Pending or StageStatus.InProgress or StageStatus.Waiting) || run.Status.IsTerminal())
                await Stage(i).LeaveAsync(Id, run.Definition.ExecutionMode);
    }

    /// <summary>Carries out a persisted transition's effects; admission to the next stage is itself a transition.</summary>
    private async Task CarryOutAsync(ExecutionEffects effects)
    {
        var run = Run;
        var mode = run.Definition.ExecutionMode;
        while (true)
        {
            if (effects.LeaveStage is { } left) await Stage(left).LeaveAsync(Id, mode);
            if (effects.Enqueue.Count > 0) await grains.GetGrain<IJobQueueGrain>(run.Pool).EnqueueAsync(effects.Enqueue);
            if (effects.Finished)
            {
                await FinishedAsync();
                return;
            }
            if (effects.EnterStage is not { } entered || await Stage(entered).EnterAsync(Id, mode) != GateDecision.Admitted) break;
            effects = run.StageAdmitted(entered, time.GetUtcNow());
            if (effects.IsEmpty) break;
            await PersistAsync();
        }
        EnsureLeaseTimer();
    }

    private async Task FinishedAsync()
    {
        leaseTimer?.Dispose();
        leaseTimer = null;
        if (await this.GetReminder(Watchdog) is { } reminder) await this.UnregisterReminder(reminder);
        await grains.GetGrain<ICatalogGrain>(CatalogKeys.ActiveExecutions).RemoveAsync(Id);
    }

    private async Task PersistAsync()
    {
        await state.WriteStateAsync();
        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
    }

    private void EnsureLeaseTimer()
    {
        if (Run.Status.IsTerminal() || Run.NextLeaseDeadline() is null)
        {
            leaseTimer?.Dispose();
            leaseTimer = null;
            return;
        }
        var period = TimeSpan.FromTicks(Math.Clamp(Options.LeaseTtl.Ticks / 4, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(5).Ticks));
        leaseTimer ??= this.RegisterGrainTimer(CheckLeasesAsync, new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = true });
    }

    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        var effects = Run.ExpireLeases(time.GetUtcNow());
        if (!effects.IsEmpty)
        {
            logger.LogWarning("Execution {Execution}: leases expired; jobs go back to the queue or fail", Id);
            await PersistAsync();
            await CarryOutAsync(effects);
        }
        EnsureLeaseTimer();
    }

    private int StageIndex(string stage)
    {
        var index = Run.Stages.FindIndex(s => s.Name == stage);
        return index >= 0 ? index : throw FarmException.NotFound($"execution '{Id}' has no stage '{stage}'");
    }

    private IStageGrain Stage(int index) => grains.GetGrain<IStageGrain>(IStageGrain.KeyOf(Run.Pipeline, Run.Stages[index].Name));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
