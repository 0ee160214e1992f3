using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// Retries. An action's retry rule tries a failed attempt again within the stage run. A stage retry (farm retry, or
/// onFailure RETRY) runs a failed stage again in the same execution with the same artifacts: FAILED_ACTIONS runs the
/// failed actions again, ALL_ACTIONS all of them; every earlier attempt stays in the history.
/// </summary>
public sealed partial class ExecutionRun
{
    /// <summary>Why the rule tries this failed attempt again (<paramref name="attemptsSoFar"/> counted in this stage run); null when it does not.</summary>
    private static string? RetryReason(ActionRetryRule rule, ActionAttempt attempt, int attemptsSoFar)
    {
        if (attemptsSoFar >= rule.MaxAttempts) return null;
        var next = $"attempt {attemptsSoFar + 1} of at most {rule.MaxAttempts}";
        if (attempt.ErrorKind.IsInfrastructure() && rule.OnInfrastructureFailure)
            return $"retried: {attempt.ErrorKind} is an infrastructure failure ({next})";
        if (attempt.ErrorKind == ErrorKind.CommandFailed && attempt.ExitCode is { } code && rule.OnExitCodes.Contains(code))
            return $"retried: exit code {code} is listed in retry.onExitCodes ({next})";
        return null;
    }

    /// <summary>Refuses a stage retry that is not allowed, saying why; the grain asks before it asks the stage's gate.</summary>
    public void CheckRetry(string stageName)
    {
        var index = StageIndexOf(stageName);
        var stage = Stages[index];
        if (Status != ExecutionStatus.Failed)
            throw Refusal($"execution '{Id}' is {Status}; only a stage of a failed execution can be retried" +
                          (Status.IsTerminal() ? "" : " (wait for it to end, or stop it)"));
        if (stage.Status != StageStatus.Failed)
        {
            var failed = Stages.FirstOrDefault(s => s.Status == StageStatus.Failed);
            throw Refusal($"stage '{stageName}' is {stage.Status}; only the failed stage can be retried" +
                          (failed is null ? "" : $" (stage '{failed.Name}' failed)"));
        }
    }

    /// <summary>Puts a failed stage back in front of its gate to run again; the grain then asks the gate to let it in again.</summary>
    public ExecutionEffects RetryStage(string stageName, StageRetryMode mode, string by, DateTimeOffset now)
    {
        CheckRetry(stageName);
        var index = StageIndexOf(stageName);
        var stage = Stages[index];
        ResetForRetry(stage, mode);
        stage.Retries.Add(new StageRetryRecord { At = now, By = by, Mode = mode });
        stage.Status = StageStatus.Waiting;
        stage.Reentering = true;
        stage.FinishedAt = null;
        stage.StatusSummary = null;
        Status = ExecutionStatus.InProgress;
        StatusSummary = null;
        FinishedAt = null;
        CurrentStage = index;
        return Changed(new ExecutionEffects { EnterStage = index, Reenter = true });
    }

    /// <summary>The gate would not let the stage in again (a newer execution entered it meanwhile): the execution is failed again, as it was.</summary>
    public ExecutionEffects ReentryRefused(string stageName, string reason, DateTimeOffset now)
    {
        var stage = Stages[StageIndexOf(stageName)];
        var effects = new ExecutionEffects();
        if (!stage.Reentering || Status != ExecutionStatus.InProgress) return effects;
        foreach (var action in stage.Actions)
            action.Status = action.CurrentAttempt?.Status switch
            {
                AttemptStatus.Succeeded => ActionStatus.Succeeded,
                AttemptStatus.Failed => ActionStatus.Failed,
                AttemptStatus.Abandoned => ActionStatus.Abandoned,
                _ => ActionStatus.Pending,
            };
        if (stage.Retries.LastOrDefault() is { } retry) retry.Refused = reason;
        stage.Reentering = false;
        FailStage(stage, $"retry of stage '{stage.Name}' refused: {reason}", now, effects);
        effects.LeaveStage = null;
        return Changed(effects);
    }

    private static void ResetForRetry(StageRun stage, StageRetryMode mode)
    {
        foreach (var action in stage.Actions)
        {
            if (mode == StageRetryMode.FailedActions && action.Status is not (ActionStatus.Failed or ActionStatus.Abandoned)) continue;
            action.Status = ActionStatus.Pending;
            action.AttemptsBeforeRetry = action.Attempts.Count;
        }
        // A failed action blocks its later runOrder groups; in FAILED_ACTIONS those never ran and are pending already.
    }

    private int StageIndexOf(string stageName)
    {
        var index = Stages.FindIndex(s => s.Name == stageName);
        return index >= 0 ? index : throw new ExecutionRuleException(ExecutionRuleError.NotFound,
            $"execution '{Id}' has no stage '{stageName}' (stages: {string.Join(", ", Stages.Select(s => s.Name))})");
    }
}
