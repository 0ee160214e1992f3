using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// Manual approvals. An approval action never becomes a job: its attempt waits in the execution for approve or
/// reject, which record who decided, when and why, or for its deadline, after which it fails.
/// </summary>
public sealed partial class ExecutionRun
{
    private static void RequestApproval(ActionRun action, ActionAttempt attempt, ActionDefinition definition, DateTimeOffset now)
    {
        attempt.Status = AttemptStatus.InProgress;
        attempt.StartedAt = now;
        attempt.Approval = new ApprovalRecord
        {
            Summary = attempt.ResolvedConfiguration.GetValueOrDefault("CustomData"),
            Url = attempt.ResolvedConfiguration.GetValueOrDefault("ExternalEntityLink"),
            RequestedAt = now,
            Deadline = now + definition.Timeout,
        };
        action.Status = ActionStatus.InProgress;
    }

    /// <summary>Approves or rejects a pending approval. NotFound for an unknown stage or action; FailedPrecondition when nothing waits for a decision.</summary>
    public ExecutionEffects PutApproval(string stageName, string actionName, bool approved, string by, string? comment, DateTimeOffset now)
    {
        var stage = Stages.FirstOrDefault(s => s.Name == stageName)
                    ?? throw new ExecutionRuleException(ExecutionRuleError.NotFound,
                        $"execution '{Id}' has no stage '{stageName}' (stages: {string.Join(", ", Stages.Select(s => s.Name))})");
        var action = stage.Actions.FirstOrDefault(a => a.Name == actionName)
                     ?? throw new ExecutionRuleException(ExecutionRuleError.NotFound,
                         $"stage '{stageName}' has no action '{actionName}' (actions: {string.Join(", ", stage.Actions.Select(a => a.Name))})");
        var address = $"{stageName}/{actionName}";
        if (!DefinitionOf(stage, action).IsApproval)
            throw Refusal($"{address} is a {DefinitionOf(stage, action).Provider} action, not a manual approval");
        if (action.CurrentAttempt is not { Approval: { } approval } attempt)
            throw Refusal($"{address} is not waiting for approval: it has not been reached yet (stage '{stageName}' is {stage.Status}, execution is {Status})");
        if (approval.Decision is { } decided)
            throw Refusal($"{address} is no longer waiting for approval: " + decided switch
            {
                ApprovalDecision.Approved => $"it was approved by {approval.DecidedBy} at {approval.DecidedAt:O}",
                ApprovalDecision.Rejected => $"it was rejected by {approval.DecidedBy} at {approval.DecidedAt:O}",
                ApprovalDecision.TimedOut => $"it timed out at {approval.Deadline:O}",
                _ => $"it was abandoned at {approval.DecidedAt:O} when the execution was stopped" +
                     (Stop is null ? "" : $" by {Stop.By}" + (Stop.Reason is null ? "" : $" ({Stop.Reason})")),
            });

        approval.Decision = approved ? ApprovalDecision.Approved : ApprovalDecision.Rejected;
        approval.DecidedBy = by;
        approval.DecidedAt = now;
        approval.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment;
        attempt.FinishedAt = now;
        if (approved)
        {
            attempt.Status = AttemptStatus.Succeeded;
            action.Status = ActionStatus.Succeeded;
        }
        else
        {
            attempt.Status = AttemptStatus.Failed;
            attempt.ErrorKind = ErrorKind.Rejected;
            attempt.Message = $"rejected by {by}" + (approval.Comment is null ? "" : $": {approval.Comment}");
            action.Status = ActionStatus.Failed;
        }
        var effects = new ExecutionEffects();
        Advance(now, effects);
        return Changed(effects);
    }

    /// <summary>Fails the approvals of the current stage whose deadline has passed; answers whether one did.</summary>
    private bool ExpireApprovals(DateTimeOffset now)
    {
        var expired = false;
        foreach (var slot in CurrentJobs().ToList())
        {
            if (slot is not { Action: { } action, Attempt: { Status: AttemptStatus.InProgress, Approval: { Decision: null } approval } attempt }
                || approval.Deadline > now)
                continue;
            approval.Decision = ApprovalDecision.TimedOut;
            approval.DecidedAt = now;
            attempt.Status = AttemptStatus.Failed;
            attempt.FinishedAt = now;
            attempt.ErrorKind = ErrorKind.Timeout;
            attempt.Message = $"no decision within {Units(approval.Deadline - approval.RequestedAt)}: the approval timed out at {approval.Deadline:O}";
            action.Status = ActionStatus.Failed;
            expired = true;
        }
        return expired;
    }

    private static string Units(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} day(s)"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} hour(s)"
        : $"{span.TotalMinutes:0.#} minute(s)";

    private static ExecutionRuleException Refusal(string message) => new(ExecutionRuleError.FailedPrecondition, message);
}
