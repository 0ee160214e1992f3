using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Executions;

/// <summary>
/// Batch builds. A Buildspec action's job that finds a <c>batch</c> in its buildspec answers a plan instead of running
/// phases; its attempt then holds the builds, each queued as a job of its own (a build-graph build once the builds it
/// depends on succeeded). A failed build is tried again by the action's retry rule; a build that may not fail and still
/// fails stops the others when the batch is fast-fail. When every build has ended, the attempt succeeds if every build
/// that may not fail succeeded (its artifacts combined, see <see cref="BatchResults"/>), and fails otherwise; a failed
/// batch is not tried again as a whole (its builds were).
/// </summary>
public sealed partial class ExecutionRun
{
    /// <summary>The combined artifacts a recovering grain still has to write (the effect was lost with the activation).</summary>
    public IReadOnlyList<BatchCombine> PendingCombines() =>
        Status.IsTerminal() || CurrentStageRun is not { } stage
            ? []
            : stage.Actions.Where(a => a.CurrentAttempt is { Status: AttemptStatus.InProgress, Batch.Combining: true })
                .Select(a => CombineOf(DefinitionOf(stage, a), a.CurrentAttempt!)).ToList();

    /// <summary>The grain wrote the combined trees (or could not: <paramref name="failure"/>); the batch's attempt ends.</summary>
    public ExecutionEffects CompleteBatch(string jobId, IReadOnlyDictionary<string, Digest>? outputs, string? failure, DateTimeOffset now)
    {
        var effects = new ExecutionEffects();
        if (Status.IsTerminal() || FindJob(jobId) is not { Batch: null, Action: { } action } slot
            || slot.Attempt is not { Status: AttemptStatus.InProgress, Batch.Combining: true } parent)
            return effects;
        parent.Batch.Combining = false;
        if (failure is null && outputs is not null) Succeed(slot.Stage, action, parent, outputs, parent.OutputVariables, now, effects);
        else EndAttempt(action, parent, AttemptStatus.Failed, ErrorKind.ArtifactError,
            $"every build succeeded, but their artifacts could not be combined: {failure}", now);
        Advance(now, effects);
        return Changed(effects);
    }

    private void StartBatch(StageRun stage, ActionRun action, ActionAttempt attempt, BatchPlan plan, DateTimeOffset now, ExecutionEffects effects)
    {
        if (PlanProblem(plan) is { } problem)
        {
            FailAttempt(stage, action, attempt, ErrorKind.ConfigurationError, $"the batch cannot run: {problem}", now, effects);
            return;
        }
        attempt.Batch = new BatchRun { Kind = plan.Kind, FastFail = plan.FastFail, Children = plan.Children.Select(BatchChildRun.From).ToList() };
        // The planning job is done: its lease ends (a late heartbeat or result for it is refused), the builds have their own.
        attempt.LeaseId = null;
        attempt.LeaseDeadline = null;
        attempt.TimeoutAt = null;
        attempt.FinishedAt = null;
        attempt.Message = $"batch {plan.Kind} of {plan.Children.Count} build{(plan.Children.Count == 1 ? "" : "s")}" + (plan.FastFail ? ", fast-fail" : "");
        AdvanceBatch(stage, action, attempt, now, effects);
    }

    private static string? PlanProblem(BatchPlan plan)
    {
        if (plan.Children.Count is 0 or > BuildspecBatch.MaxBuilds) return $"it has {plan.Children.Count} builds (1 to {BuildspecBatch.MaxBuilds})";
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in plan.Children)
        {
            if (BuildspecParser.IdentifierProblem(child.Identifier) is { } problem) return problem;
            if (!identifiers.Add(child.Identifier)) return $"build '{child.Identifier}' appears twice";
        }
        var unknown = plan.Children.SelectMany(c => c.DependOn).FirstOrDefault(d => !identifiers.Contains(d));
        return unknown is null ? null : $"a build depends on '{unknown}', which is not a build of the batch";
    }

    /// <summary>Moves every batch of the stage on: queues the builds that may start, and ends a batch whose builds all ended.</summary>
    private void AdvanceBatches(StageRun stage, DateTimeOffset now, ExecutionEffects effects)
    {
        foreach (var action in stage.Actions)
            if (action.CurrentAttempt is { Status: AttemptStatus.InProgress, Batch: not null } parent)
                AdvanceBatch(stage, action, parent, now, effects);
    }

    private void AdvanceBatch(StageRun stage, ActionRun action, ActionAttempt parent, DateTimeOffset now, ExecutionEffects effects)
    {
        var batch = parent.Batch!;
        if (parent.Status != AttemptStatus.InProgress || batch.Combining) return;
        var stopping = Status != ExecutionStatus.InProgress;
        var byIdentifier = batch.Children.ToDictionary(c => c.Identifier, StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var child in batch.Children.Where(c => c.Status == BatchChildStatus.Pending))
            {
                var dependencies = child.DependOn.Select(d => byIdentifier[d]).ToList();
                if (stopping)
                    Skip(child, BatchChildStatus.Abandoned, "not started: the execution was stopped");
                else if (dependencies.FirstOrDefault(d => d.IsOver && d.Status != BatchChildStatus.Succeeded) is { } blocked)
                    Skip(child, BatchChildStatus.Skipped, $"not run: build '{blocked.Identifier}', which it depends on, {blocked.Status.ToString().ToLowerInvariant()}");
                else if (dependencies.All(d => d.Status == BatchChildStatus.Succeeded))
                    QueueChild(stage, action, parent, child, now, effects);
                else continue;
                changed = true;
            }
        } while (changed);
        if (batch.Children.All(c => c.IsOver)) FinishBatch(stage, action, parent, now, effects);
    }

    private static void Skip(BatchChildRun child, BatchChildStatus status, string why)
    {
        child.Status = status;
        child.Message = why;
    }

    private void QueueChild(StageRun stage, ActionRun action, ActionAttempt parent, BatchChildRun child, DateTimeOffset now, ExecutionEffects effects)
    {
        var number = child.Attempts.Count + 1;
        var attempt = new ActionAttempt
        {
            Number = number,
            JobId = JobId.ForChild(Id, stage.Name, action.Name, parent.Number, child.Identifier, number).ToString(),
            Status = AttemptStatus.Queued,
            QueuedAt = now,
            Inputs = parent.Inputs,
        };
        child.Attempts.Add(attempt);
        child.Status = BatchChildStatus.Queued;
        effects.Enqueue.Add(TicketFor(DefinitionOf(stage, action), attempt.JobId));
    }

    /// <summary>A build's job: the action's job, with the build's overrides.</summary>
    private JobSpec ChildJobSpec(JobSlot slot, string leaseId)
    {
        var (parent, child) = slot.Batch!;
        child.Status = BatchChildStatus.InProgress;
        return ActionJobSpec(slot.Stage, slot.Action!, slot.Attempt, parent, leaseId) with { BatchChild = child.ToPlan() };
    }

    private void CompleteChild(JobSlot slot, JobResult result, DateTimeOffset now, ExecutionEffects effects)
    {
        var (attempt, child) = (slot.Attempt, slot.Batch!.Child);
        var definition = DefinitionOf(slot.Stage, slot.Action!);
        var missing = definition.OutputArtifacts.Select(o => o.Name).Where(n => !result.Outputs.ContainsKey(n)).ToList();
        if (result.Succeeded && missing.Count > 0)
        {
            FailChild(slot, ErrorKind.ArtifactError, $"build '{child.Identifier}' did not report the declared output artifact(s): {string.Join(", ", missing)}", now, effects);
            return;
        }
        if (!result.Succeeded)
        {
            FailChild(slot, result.ErrorKind == ErrorKind.None ? ErrorKind.CommandFailed : result.ErrorKind, result.Message ?? "the job failed", now, effects);
            return;
        }
        attempt.Status = AttemptStatus.Succeeded;
        attempt.Outputs = definition.OutputArtifacts.Select(o => new ArtifactRef(o.Name, result.Outputs[o.Name])).ToList();
        attempt.OutputVariables = new Dictionary<string, string>(result.OutputVariables);
        child.Status = BatchChildStatus.Succeeded;
    }

    /// <summary>A build's job failed: the action's retry rule may try it again; otherwise the build failed (and fast-fail stops the others).</summary>
    private void FailChild(JobSlot slot, ErrorKind kind, string message, DateTimeOffset now, ExecutionEffects effects)
    {
        var (attempt, (parent, child)) = (slot.Attempt, slot.Batch!);
        attempt.Status = AttemptStatus.Failed;
        attempt.ErrorKind = kind;
        attempt.Message = message;
        var rule = DefinitionOf(slot.Stage, slot.Action!).Retry ?? ActionRetryRule.Default;
        if (Status == ExecutionStatus.InProgress && parent.Status == AttemptStatus.InProgress && RetryReason(rule, attempt, child.Attempts.Count) is { } reason)
        {
            attempt.RetryReason = reason;
            QueueChild(slot.Stage, slot.Action!, parent, child, now, effects);
            return;
        }
        child.Status = BatchChildStatus.Failed;
        if (!child.IgnoreFailure && parent.Batch!.FastFail) StopBatchEarly(parent.Batch, child, now);
    }

    private static void StopBatchEarly(BatchRun batch, BatchChildRun failed, DateTimeOffset now)
    {
        var note = $"fast-fail: build '{failed.Identifier}' failed";
        batch.Outcome = $"{note}; the builds still to run were stopped";
        foreach (var child in batch.Children.Where(c => !c.IsOver))
        {
            if (child.CurrentAttempt is { Status: AttemptStatus.Queued or AttemptStatus.InProgress } attempt) AbandonChild(child, attempt, $"abandoned: {note}", now);
            else Skip(child, BatchChildStatus.Abandoned, $"not started: {note}");
        }
    }

    /// <summary>Its lease dies with it, so its agent stops the job.</summary>
    private static void AbandonChild(BatchChildRun child, ActionAttempt attempt, string note, DateTimeOffset now)
    {
        attempt.Status = AttemptStatus.Abandoned;
        attempt.ErrorKind = ErrorKind.Cancelled;
        attempt.FinishedAt = now;
        attempt.Message = note;
        child.Status = BatchChildStatus.Abandoned;
        child.Message = note;
    }

    private void FinishBatch(StageRun stage, ActionRun action, ActionAttempt parent, DateTimeOffset now, ExecutionEffects effects)
    {
        var batch = parent.Batch!;
        parent.Reports = BatchResults.CombineReports(batch.Children.Where(c => c.CurrentAttempt is not null)
            .Select(c => (c.Identifier, (IReadOnlyList<TestReportSummary>)c.CurrentAttempt!.Reports)));
        var failed = batch.Children.Where(c => c.Status != BatchChildStatus.Succeeded && !c.IgnoreFailure).ToList();
        if (failed.Count > 0)
        {
            if (Status != ExecutionStatus.InProgress && failed.Any(c => c.Status == BatchChildStatus.Abandoned))
            {
                EndAttempt(action, parent, AttemptStatus.Abandoned, ErrorKind.Cancelled, $"batch stopped with the execution: {Describe(failed)}", now);
                return;
            }
            var culprit = failed.Select(c => c.CurrentAttempt).FirstOrDefault(a => a is { Status: AttemptStatus.Failed });
            EndAttempt(action, parent, AttemptStatus.Failed, culprit?.ErrorKind is { } kind and not ErrorKind.None ? kind : ErrorKind.CommandFailed,
                $"batch {batch.Kind}: {failed.Count} of {batch.Children.Count} builds did not succeed: {Describe(failed)}", now);
            parent.ExitCode = culprit?.ExitCode;
            return;
        }
        var succeeded = batch.Children.Where(c => c.Status == BatchChildStatus.Succeeded).ToList();
        var variables = BatchResults.CombineVariables(succeeded.Select(c => (c.Identifier, (IReadOnlyDictionary<string, string>)c.CurrentAttempt!.OutputVariables)).ToList());
        var definition = DefinitionOf(stage, action);
        if (definition.OutputArtifacts.Count == 0)
        {
            Succeed(stage, action, parent, new Dictionary<string, Digest>(), variables, now, effects);
            return;
        }
        batch.Combining = true;
        parent.OutputVariables = variables;
        effects.Combines.Add(CombineOf(definition, parent));
    }

    private static BatchCombine CombineOf(ActionDefinition definition, ActionAttempt parent)
    {
        var succeeded = parent.Batch!.Children.Where(c => c.Status == BatchChildStatus.Succeeded).ToList();
        return new BatchCombine(parent.JobId, definition.OutputArtifacts.Select(o => new BatchOutput(o.Name,
            succeeded.Select(c => (c.Identifier, c.CurrentAttempt!.Outputs.First(x => x.Name == o.Name).Digest)).ToList())).ToList());
    }

    private static string Describe(IReadOnlyList<BatchChildRun> children) =>
        string.Join("; ", children.Take(5).Select(c =>
            $"{c.Identifier} {c.Status.ToString().ToLowerInvariant()}" +
            (c.Status == BatchChildStatus.Failed && c.CurrentAttempt?.Message is { } why ? $" ({why})" : c.Message is { } note ? $" ({note})" : ""))) +
        (children.Count > 5 ? $"; and {children.Count - 5} more" : "");

    private static void EndAttempt(ActionRun action, ActionAttempt attempt, AttemptStatus status, ErrorKind kind, string message, DateTimeOffset now)
    {
        attempt.Status = status;
        attempt.ErrorKind = kind;
        attempt.Message = message;
        attempt.FinishedAt = now;
        action.Status = status == AttemptStatus.Abandoned ? ActionStatus.Abandoned : ActionStatus.Failed;
    }
}
