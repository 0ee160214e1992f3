using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

/// <summary>
/// What `farm executions show` prints after the stage table: rollback and stop records, stage retries and condition
/// evaluations, and per attempt its resolved configuration, artifact digests, output variables, approval and log.
/// </summary>
public static class ExecutionHistoryView
{
    public static void Details(Terminal terminal, Execution execution)
    {
        var lines = new List<string>();
        if (execution.Type == "Rollback")
            lines.Add($"rollback of stage {execution.RollbackStage} to {execution.RollbackTargetExecutionId}");
        if (execution.Stop is { } stop)
            lines.Add($"{(stop.Abandon ? "stopped and abandoned" : "stopped")} by {stop.By} at {Durations.Time(stop.At)}" +
                      (stop.Reason.Length > 0 ? $": {stop.Reason}" : ""));
        foreach (var rollback in execution.AutomatedRollbacks)
            lines.Add($"rollback of stage {rollback.Stage} requested at {Durations.Time(rollback.RequestedAt)}: " +
                      (rollback.ExecutionId.Length > 0 ? $"execution {rollback.ExecutionId}" : rollback.Error.Length > 0 ? $"not started: {rollback.Error}" : "pending"));
        foreach (var stage in execution.Stages) Stage(lines, stage);
        if (lines.Count == 0) return;
        terminal.Line();
        foreach (var line in lines) terminal.Line(line);
    }

    private static void Stage(List<string> lines, StageExecution stage)
    {
        if (stage.StatusSummary.Length > 0) lines.Add($"{stage.Name}: {stage.StatusSummary}");
        foreach (var retry in stage.Retries)
            lines.Add($"{stage.Name}: retried ({retry.Mode}) by {retry.By} at {Durations.Time(retry.At)}" + (retry.Refused.Length > 0 ? $", refused: {retry.Refused}" : ""));
        foreach (var condition in stage.Conditions)
        {
            lines.Add($"{stage.Name} {condition.Kind} condition (result {condition.Result}): {condition.Status}" +
                      (condition.Outcome.Length > 0 ? $" - {condition.Outcome}" : ""));
            foreach (var rule in condition.Rules)
            {
                lines.Add($"  rule {rule.Name} ({rule.Provider}): {rule.Status}" + (rule.Message.Length > 0 ? $" - {rule.Message}" : ""));
                foreach (var attempt in rule.Attempts) Attempt(lines, $"{stage.Name}/{condition.Kind}/{rule.Name}", attempt, "    ");
            }
        }
        foreach (var action in stage.Actions)
            foreach (var attempt in action.Attempts)
                Attempt(lines, $"{stage.Name}/{action.Name}", attempt, "");
    }

    private static void Attempt(List<string> lines, string subject, ActionAttempt attempt, string indent)
    {
        // Actions' agents are in the table above; a rule's job appears only here.
        var where = indent.Length > 0 && attempt.AgentName.Length > 0 ? $" on {attempt.AgentName}" : "";
        lines.Add($"{indent}{subject} attempt {attempt.Number}{where}: {attempt.Status}" +
                  (ExecutionView.Failure(attempt) is { Length: > 0 } failure ? $" - {failure}" : ""));
        indent += "  ";
        if (attempt.Approval is { } approval)
        {
            lines.Add($"{indent}approval requested {Durations.Time(approval.RequestedAt)}, deadline {Durations.Time(approval.Deadline)}" +
                      (approval.Summary.Length > 0 ? $": {approval.Summary}" : "") + (approval.Url.Length > 0 ? $" ({approval.Url})" : ""));
            if (approval.Decision.Length > 0)
                lines.Add($"{indent}decision: {approval.Decision}" + (approval.DecidedBy.Length > 0 ? $" by {approval.DecidedBy}" : "") +
                          $" at {Durations.Time(approval.DecidedAt)}" + (approval.Comment.Length > 0 ? $": {approval.Comment}" : ""));
        }
        if (attempt.ResolvedConfiguration.Count > 0)
            lines.Add($"{indent}configuration: {string.Join(", ", attempt.ResolvedConfiguration.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))}");
        if (attempt.ResolvedCommands.Count > 0) lines.Add($"{indent}commands: {string.Join(" ; ", attempt.ResolvedCommands)}");
        if (attempt.InputArtifacts.Count > 0) lines.Add($"{indent}inputs: {Artifacts(attempt.InputArtifacts)}");
        if (attempt.OutputArtifacts.Count > 0) lines.Add($"{indent}outputs: {Artifacts(attempt.OutputArtifacts)}");
        if (attempt.OutputVariables.Count > 0)
            lines.Add($"{indent}output variables: {string.Join(", ", attempt.OutputVariables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"))}");
        if (attempt.RetryReason.Length > 0) lines.Add($"{indent}{attempt.RetryReason}");
        lines.AddRange(AttemptExtrasView.Lines(attempt, indent));
        if (attempt.Log.Length > 0) lines.Add($"{indent}log: {attempt.Log}");
    }

    private static string Artifacts(IEnumerable<ArtifactRef> artifacts) =>
        string.Join(", ", artifacts.Select(a => $"{a.Name} {a.Digest?.Hash}/{a.Digest?.SizeBytes}"));
}
