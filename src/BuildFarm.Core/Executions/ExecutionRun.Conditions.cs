using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions.Conditions;
using BuildFarm.Core.Variables;

namespace BuildFarm.Core.Executions;

/// <summary>
/// Stage conditions. beforeEntry is checked once the gate admits the execution, before any action; onSuccess once
/// every action succeeded; onFailure once an action failed. Rules run in order and the first that fails decides.
/// beforeEntry and onSuccess engage their result when a rule fails; onFailure engages its result when the stage
/// failed and its rules all pass ("when the failure conditions are met"), or at once when it has no rules.
/// </summary>
public sealed partial class ExecutionRun
{
    private static ConditionRun? ActiveCondition(StageRun stage) =>
        stage.Conditions.LastOrDefault() is { Status: ConditionStatus.InProgress } condition ? condition : null;

    private void StartCondition(StageRun stage, ConditionKind kind, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = StageDefinitionOf(stage);
        var condition = new ConditionRun
        {
            Kind = kind,
            Result = definition.ResultOf(kind),
            Status = ConditionStatus.InProgress,
            StartedAt = now,
            Rules = definition.Condition(kind)!.Rules.Select(r => new RuleRun { Name = r.Name, Provider = r.Provider }).ToList(),
        };
        stage.Conditions.Add(condition);
        AdvanceCondition(stage, condition, now, effects);
    }

    /// <summary>Runs the rules in order: decides the server's own at once, queues a Commands rule's job and waits for it.</summary>
    private void AdvanceCondition(StageRun stage, ConditionRun condition, DateTimeOffset now, ExecutionEffects effects)
    {
        while (condition.Rules.FirstOrDefault(r => r.Status != RuleStatus.Succeeded) is { } rule)
        {
            switch (rule.Status)
            {
                case RuleStatus.InProgress:
                    return;
                case RuleStatus.Pending:
                    StartRule(stage, condition, rule, now, effects);
                    continue;
                default:
                    Decide(stage, condition, rule, now, effects);
                    return;
            }
        }
        Decide(stage, condition, null, now, effects);
    }

    private void StartRule(StageRun stage, ConditionRun condition, RuleRun rule, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = RuleDefinitionOf(stage, condition, rule);
        if (!ServerRules.Decides(definition.Provider))
        {
            QueueRuleAttempt(stage, condition, rule, now, effects);
            return;
        }
        var unresolved = new List<VariableReference>();
        rule.ResolvedConfiguration = definition.Configuration.ToDictionary(kv => kv.Key, kv => VariableReferences.Resolve(kv.Value, LookUp, unresolved));
        var verdict = unresolved.Count > 0
            ? new RuleVerdict(false, "cannot resolve " + string.Join(", ", unresolved.Distinct().Select(r => r.ToString())) +
                                     ": no such variable was published before this rule")
            : ServerRules.Evaluate(definition.Provider, rule.ResolvedConfiguration, now);
        rule.Status = verdict.Passed ? RuleStatus.Succeeded : RuleStatus.Failed;
        rule.Message = verdict.Message;
    }

    private void QueueRuleAttempt(StageRun stage, ConditionRun condition, RuleRun rule, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = RuleDefinitionOf(stage, condition, rule);
        var earlier = stage.Conditions.Where(c => c.Kind == condition.Kind).SelectMany(c => c.Rules).Where(r => r.Name == rule.Name).Sum(r => r.Attempts.Count);
        var number = earlier + 1;
        var attempt = new ActionAttempt
        {
            Number = number,
            JobId = new RuleJobId(Id, stage.Name, condition.Kind, rule.Name, number).ToString(),
            Status = AttemptStatus.Queued,
            QueuedAt = now,
        };
        rule.Attempts.Add(attempt);
        if (Prepare(attempt, definition.InputArtifacts, definition.Configuration, definition.Commands, "rule", now) is { } problem)
        {
            rule.ResolvedConfiguration = attempt.ResolvedConfiguration;
            rule.Status = RuleStatus.Failed;
            rule.Message = problem;
            return;
        }
        rule.ResolvedConfiguration = attempt.ResolvedConfiguration;
        rule.Status = RuleStatus.InProgress;
        effects.Enqueue.Add(new JobTicket(Id, attempt.JobId, Pool));
    }

    /// <summary>The condition is decided: <paramref name="failed"/> is the rule that failed, null when all passed.</summary>
    private void Decide(StageRun stage, ConditionRun condition, RuleRun? failed, DateTimeOffset now, ExecutionEffects effects)
    {
        condition.Status = failed is null ? ConditionStatus.Passed : ConditionStatus.Failed;
        condition.FinishedAt = now;
        var field = ConditionNames.Field(condition.Kind);
        var because = failed is null ? "" : $"rule '{failed.Name}' ({failed.Provider}) failed: {failed.Message}";
        switch (condition.Kind)
        {
            case ConditionKind.BeforeEntry when failed is null:
                condition.Outcome = "passed: the stage runs";
                Advance(now, effects);
                break;
            case ConditionKind.BeforeEntry when condition.Result == ConditionResult.Skip:
                condition.Outcome = "SKIP: the stage is skipped";
                SkipStage(stage, $"skipped by its beforeEntry condition: {because}", now, effects);
                break;
            case ConditionKind.BeforeEntry:
                condition.Outcome = "FAIL: the stage fails";
                FailStage(stage, $"stage '{stage.Name}' failed its beforeEntry condition: {because}", now, effects);
                break;
            case ConditionKind.OnSuccess when failed is null:
                condition.Outcome = "passed: the stage succeeds";
                CompleteStage(stage, now, effects);
                break;
            case ConditionKind.OnSuccess:
                condition.Outcome = Engage(stage, condition.Result, $"stage '{stage.Name}' failed its onSuccess condition: {because}", now, effects);
                break;
            case ConditionKind.OnFailure when failed is null:
                condition.Outcome = Engage(stage, condition.Result, stage.StatusSummary ?? $"stage '{stage.Name}' failed", now, effects);
                break;
            default:
                condition.Outcome = $"not met ({because}): the stage fails without {ConditionNames.NameOf(condition.Result)}";
                FailStage(stage, $"{stage.StatusSummary ?? $"stage '{stage.Name}' failed"} ({field} condition not met: {because})", now, effects);
                break;
        }
    }

    /// <summary>An action failed and nothing is left running: onFailure decides what follows.</summary>
    private void ActionsFailed(StageRun stage, string summary, DateTimeOffset now, ExecutionEffects effects)
    {
        var definition = StageDefinitionOf(stage);
        if (definition.OnFailure is null)
        {
            FailStage(stage, summary, now, effects);
            return;
        }
        stage.StatusSummary = summary;
        if (definition.Condition(ConditionKind.OnFailure) is not null)
        {
            StartCondition(stage, ConditionKind.OnFailure, now, effects);
            return;
        }
        Engage(stage, definition.ResultOf(ConditionKind.OnFailure), summary, now, effects);
    }

    /// <summary>Carries out FAIL, RETRY or ROLLBACK for a failed stage; answers what was done, for the record.</summary>
    private string Engage(StageRun stage, ConditionResult result, string summary, DateTimeOffset now, ExecutionEffects effects)
    {
        switch (result)
        {
            case ConditionResult.Retry when stage.Retries.Any(r => r.Automated):
                FailStage(stage, $"{summary} (its automatic retry was already used)", now, effects);
                return "RETRY: not again (one automatic retry per stage); the stage fails";
            case ConditionResult.Retry:
                var mode = StageDefinitionOf(stage).RetryModeOnFailure();
                ResetForRetry(stage, mode);
                stage.Retries.Add(new StageRetryRecord { At = now, By = "onFailure", Mode = mode, Automated = true });
                stage.StatusSummary = null;
                Advance(now, effects);
                return $"RETRY: the stage runs again ({ConditionNames.NameOf(mode)})";
            case ConditionResult.Rollback when Type == ExecutionType.Rollback:
                FailStage(stage, $"{summary} (a rollback execution is not rolled back again)", now, effects);
                return "ROLLBACK: not for a rollback execution; the stage fails";
            case ConditionResult.Rollback:
                FailStage(stage, summary, now, effects);
                AutomatedRollbacks.Add(new AutomatedRollback { Stage = stage.Name, RequestedAt = now });
                effects.StartRollback = Stages.IndexOf(stage);
                return "ROLLBACK: the stage fails and a rollback execution is requested";
            default:
                FailStage(stage, summary, now, effects);
                return "FAIL: the stage fails";
        }
    }

    private void SkipStage(StageRun stage, string reason, DateTimeOffset now, ExecutionEffects effects)
    {
        stage.Status = StageStatus.Skipped;
        stage.FinishedAt = now;
        stage.StatusSummary = reason;
        effects.LeaveStage = CurrentStage;
        MoveOn(now, effects);
    }
}
