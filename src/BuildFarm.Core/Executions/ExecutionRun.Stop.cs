namespace BuildFarm.Core.Executions;

/// <summary>
/// Stopping. Stop and wait: nothing new starts (queued jobs and pending approvals are abandoned), running jobs finish
/// and their results are kept; the execution is Stopping until the last one ends, then Stopped. Abandon: running
/// jobs are abandoned at once too (their leases die, so their agents cancel them) and the execution is Stopped.
/// </summary>
public sealed partial class ExecutionRun
{
    public StopRecord? Stop { get; set; }

    public ExecutionEffects StopExecution(bool abandon, string by, string? reason, DateTimeOffset now)
    {
        if (Status.IsTerminal())
            throw new ExecutionRuleException(ExecutionRuleError.FailedPrecondition,
                $"execution '{Id}' has already ended ({Status}{(StatusSummary is null ? "" : $": {StatusSummary}")}); there is nothing to stop");
        if (Status == ExecutionStatus.Stopping && !abandon)
            throw new ExecutionRuleException(ExecutionRuleError.FailedPrecondition,
                $"execution '{Id}' is already stopping (waiting for its running actions to finish); stop it with abandon to abandon them");
        var effects = new ExecutionEffects();
        Stop = new StopRecord { By = by, Reason = string.IsNullOrWhiteSpace(reason) ? Stop?.Reason : reason, Abandon = abandon, At = now };
        Status = ExecutionStatus.Stopping;
        var note = $"abandoned: execution stopped by {by}" + (Stop.Reason is null ? "" : $" ({Stop.Reason})");
        foreach (var slot in CurrentJobs().ToList())
        {
            var attempt = slot.Attempt;
            var pendingApproval = attempt is { Status: AttemptStatus.InProgress, Approval.Decision: null };
            if (attempt.Status == AttemptStatus.Queued || pendingApproval || (abandon && attempt.Status == AttemptStatus.InProgress))
                Abandon(slot, note, now);
        }
        if (CurrentStageRun is { Status: StageStatus.InProgress } stage)
        {
            AdvanceBatches(stage, now, effects); // builds not started yet will not start; a batch with none running ends
            CompleteStopIfIdle(stage, now, effects);
        }
        else EndStopped(CurrentStageRun, now, effects);
        return Changed(effects);
    }

    private void Abandon(JobSlot slot, string note, DateTimeOffset now)
    {
        var attempt = slot.Attempt;
        if (slot.Batch is { } build)
        {
            AbandonChild(build.Child, attempt, note, now);
            return;
        }
        foreach (var child in attempt.Batch?.Children.Where(c => !c.IsOver) ?? [])
        {
            if (child.CurrentAttempt is { Status: AttemptStatus.Queued or AttemptStatus.InProgress } childAttempt) AbandonChild(child, childAttempt, note, now);
            else Skip(child, BatchChildStatus.Abandoned, note);
        }
        attempt.Status = AttemptStatus.Abandoned;
        attempt.ErrorKind = ErrorKind.Cancelled;
        attempt.FinishedAt = now;
        attempt.Message = note;
        if (attempt.Approval is { Decision: null } approval)
        {
            approval.Decision = ApprovalDecision.Abandoned;
            approval.DecidedAt = now;
        }
        if (slot.Action is { } action) action.Status = ActionStatus.Abandoned;
        if (slot.Rule is { } rule)
        {
            rule.Status = RuleStatus.Abandoned;
            rule.Message = note;
        }
    }

    /// <summary>Stopping ends when no job of the stage is queued or running any more.</summary>
    private void CompleteStopIfIdle(StageRun stage, DateTimeOffset now, ExecutionEffects effects)
    {
        if (AnyJobInFlight()) return;
        if (ActiveCondition(stage) is { } condition)
        {
            condition.Status = ConditionStatus.Abandoned;
            condition.FinishedAt = now;
            condition.Outcome = "not finished: the execution was stopped";
        }
        EndStopped(stage, now, effects);
    }

    private void EndStopped(StageRun? stage, DateTimeOffset now, ExecutionEffects effects)
    {
        if (stage is not null)
        {
            stage.Status = StageStatus.Stopped;
            stage.FinishedAt = now;
            stage.Reentering = false;
            effects.LeaveStage = CurrentStage;
        }
        var how = Stop!.Abandon ? "stopped and abandoned" : "stopped";
        Finish(ExecutionStatus.Stopped, $"{how} by {Stop.By}" + (Stop.Reason is null ? "" : $": {Stop.Reason}"), now, effects);
    }
}
