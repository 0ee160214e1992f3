using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>The jobs of the current stage: its actions' attempts and its Commands rules' attempts, found by job id.</summary>
public sealed partial class ExecutionRun
{
    /// <summary>One job the execution hands out: an action's attempt, one build of an action's batch, or a condition rule's attempt.</summary>
    private readonly record struct JobSlot(StageRun Stage, ActionRun? Action, ConditionRun? Condition, RuleRun? Rule, ActionAttempt Attempt, BatchSlot? Batch = null);

    /// <summary>A batch build's job: the action attempt that holds the batch, and the build.</summary>
    private sealed record BatchSlot(ActionAttempt Parent, BatchChildRun Child);

    /// <summary>The slot a job id names, when that attempt is its action's (or rule's) current one.</summary>
    private JobSlot? FindJob(string jobId)
    {
        if (JobId.TryParse(jobId, out var id))
        {
            if (id.ExecutionId != Id) return null;
            var stage = Stages.FirstOrDefault(s => s.Name == id.Stage);
            var action = stage?.Actions.FirstOrDefault(a => a.Name == id.Action);
            if (action?.CurrentAttempt is not { } attempt || attempt.Number != id.Attempt) return null;
            if (id.Child is null) return new JobSlot(stage!, action, null, null, attempt);
            return attempt.Batch?.Children.FirstOrDefault(c => c.Identifier == id.Child) is { CurrentAttempt: { } childAttempt } child
                   && childAttempt.Number == id.ChildAttempt
                ? new JobSlot(stage!, action, null, null, childAttempt, new BatchSlot(attempt, child))
                : null;
        }
        if (RuleJobId.TryParse(jobId, out var ruleId) && ruleId.ExecutionId == Id
            && Stages.FirstOrDefault(s => s.Name == ruleId.Stage) is { } ruleStage
            && ruleStage.Conditions.LastOrDefault(c => c.Kind == ruleId.Kind) is { } condition
            && condition.Rules.FirstOrDefault(r => r.Name == ruleId.Rule) is { CurrentAttempt: { } ruleAttempt } rule
            && ruleAttempt.Number == ruleId.Attempt)
            return new JobSlot(ruleStage, null, condition, rule, ruleAttempt);
        return null;
    }

    /// <summary>The newest attempt of every action of the current stage, and of every rule of its condition in progress.</summary>
    private IEnumerable<JobSlot> CurrentJobs()
    {
        if (CurrentStageRun is not { } stage) yield break;
        foreach (var action in stage.Actions)
        {
            if (action.CurrentAttempt is not { } attempt) continue;
            yield return new JobSlot(stage, action, null, null, attempt);
            foreach (var child in attempt.Batch?.Children ?? [])
                if (child.CurrentAttempt is { } childAttempt)
                    yield return new JobSlot(stage, action, null, null, childAttempt, new BatchSlot(attempt, child));
        }
        if (stage.Conditions.LastOrDefault() is { Status: ConditionStatus.InProgress } condition)
            foreach (var rule in condition.Rules)
                if (rule.CurrentAttempt is { } attempt)
                    yield return new JobSlot(stage, null, condition, rule, attempt);
    }

    private bool AnyJobInFlight() => CurrentJobs().Any(j => j.Attempt.Status is AttemptStatus.Queued or AttemptStatus.InProgress);

    private TimeSpan TimeoutOf(JobSlot slot) =>
        slot.Rule is { } rule ? RuleDefinitionOf(slot.Stage, slot.Condition!, rule).Timeout : DefinitionOf(slot.Stage, slot.Action!).Timeout;

    /// <summary>The agent ends a job at its timeout; the server gives it this long more (uploads, slow reports) before ending it itself.</summary>
    private static TimeSpan ServerTimeout(TimeSpan timeout) => timeout + TimeSpan.FromMinutes(5) + timeout / 10;

    private void FailJob(JobSlot slot, ErrorKind kind, string message, DateTimeOffset now, ExecutionEffects effects)
    {
        if (slot.Rule is { } rule) FailRuleAttempt(slot, rule, kind, message, now, effects);
        else if (slot.Batch is not null) FailChild(slot, kind, message, now, effects);
        else FailAttempt(slot.Stage, slot.Action!, slot.Attempt, kind, message, now, effects);
    }

    private RuleDefinition RuleDefinitionOf(StageRun stage, ConditionRun condition, RuleRun rule) =>
        StageDefinitionOf(stage).Condition(condition.Kind)!.Rules[condition.Rules.IndexOf(rule)];

    private JobSpec RuleJobSpec(JobSlot slot, string leaseId)
    {
        var attempt = slot.Attempt;
        var definition = RuleDefinitionOf(slot.Stage, slot.Condition!, slot.Rule!);
        return new JobSpec
        {
            ExecutionId = Id,
            JobId = attempt.JobId,
            LeaseId = leaseId,
            LeaseDeadline = attempt.LeaseDeadline!.Value,
            Pipeline = Pipeline,
            Stage = slot.Stage.Name,
            Action = $"{ConditionNames.Field(slot.Condition!.Kind)}/{slot.Rule!.Name}",
            Attempt = attempt.Number,
            Category = "Rule",
            Provider = ProviderCatalog.Commands.Name,
            Configuration = attempt.ResolvedConfiguration,
            Commands = attempt.ResolvedCommands,
            Inputs = attempt.Inputs,
            Outputs = [],
            OutputVariables = [],
            Environment = Variables,
            Timeout = definition.Timeout,
        };
    }

    private void CompleteRuleJob(JobSlot slot, RuleRun rule, JobResult result, DateTimeOffset now, ExecutionEffects effects)
    {
        if (result.Succeeded)
        {
            slot.Attempt.Status = AttemptStatus.Succeeded;
            rule.Status = RuleStatus.Succeeded;
            rule.Message = "the commands exited with code 0";
            return;
        }
        FailRuleAttempt(slot, rule, result.ErrorKind == ErrorKind.None ? ErrorKind.CommandFailed : result.ErrorKind, result.Message ?? "the job failed", now, effects);
    }

    /// <summary>A Commands rule's job failed: infrastructure failures are tried again (the default retry rule); anything else fails the rule.</summary>
    private void FailRuleAttempt(JobSlot slot, RuleRun rule, ErrorKind kind, string message, DateTimeOffset now, ExecutionEffects effects)
    {
        var attempt = slot.Attempt;
        attempt.Status = AttemptStatus.Failed;
        attempt.ErrorKind = kind;
        attempt.Message = message;
        if (Status == ExecutionStatus.InProgress && RetryReason(ActionRetryRule.Default, attempt, rule.Attempts.Count) is { } reason)
        {
            attempt.RetryReason = reason;
            QueueRuleAttempt(slot.Stage, slot.Condition!, rule, now, effects);
            return;
        }
        rule.Status = RuleStatus.Failed;
        rule.Message = kind == ErrorKind.CommandFailed && attempt.ExitCode is { } code ? $"the commands exited with code {code}" : message;
    }
}
