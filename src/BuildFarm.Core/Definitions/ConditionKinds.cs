namespace BuildFarm.Core.Definitions;

/// <summary>When a stage's condition is evaluated.</summary>
public enum ConditionKind { BeforeEntry, OnSuccess, OnFailure }

/// <summary>What a condition does to its stage (CodePipeline's results).</summary>
public enum ConditionResult { Fail, Skip, Rollback, Retry }

/// <summary>Which actions a stage retry runs again.</summary>
public enum StageRetryMode { FailedActions, AllActions }

/// <summary>The written names (CodePipeline's uppercase, read in any case) and which result fits which condition.</summary>
public static class ConditionNames
{
    public static string Field(ConditionKind kind) => kind switch
    {
        ConditionKind.BeforeEntry => "beforeEntry",
        ConditionKind.OnSuccess => "onSuccess",
        _ => "onFailure",
    };

    public static string NameOf(ConditionResult result) => result.ToString().ToUpperInvariant();

    public static bool TryParseResult(string text, out ConditionResult result) =>
        Enum.TryParse(text, ignoreCase: true, out result) && Enum.IsDefined(result) && !int.TryParse(text, out _);

    /// <summary>beforeEntry: FAIL or SKIP; onSuccess: FAIL or ROLLBACK; onFailure: FAIL, RETRY or ROLLBACK.</summary>
    public static IReadOnlyList<ConditionResult> Allowed(ConditionKind kind) => kind switch
    {
        ConditionKind.BeforeEntry => [ConditionResult.Fail, ConditionResult.Skip],
        ConditionKind.OnSuccess => [ConditionResult.Fail, ConditionResult.Rollback],
        _ => [ConditionResult.Fail, ConditionResult.Retry, ConditionResult.Rollback],
    };

    public static readonly IReadOnlyList<string> RetryModeNames = ["FAILED_ACTIONS", "ALL_ACTIONS"];

    public static string NameOf(StageRetryMode mode) => mode == StageRetryMode.AllActions ? "ALL_ACTIONS" : "FAILED_ACTIONS";

    public static bool TryParseRetryMode(string text, out StageRetryMode mode)
    {
        switch (text.Replace('-', '_').ToUpperInvariant())
        {
            case "FAILED_ACTIONS": mode = StageRetryMode.FailedActions; return true;
            case "ALL_ACTIONS": mode = StageRetryMode.AllActions; return true;
            default: mode = StageRetryMode.FailedActions; return false;
        }
    }
}

/// <summary>A stage's declared conditions, read the way the execution rules use them.</summary>
public static class StageConditionReading
{
    /// <summary>The one condition of a kind, or null when the stage declares none.</summary>
    public static ConditionDefinition? Condition(this StageDefinition stage, ConditionKind kind) => kind switch
    {
        ConditionKind.BeforeEntry => stage.BeforeEntry?.Conditions.FirstOrDefault(),
        ConditionKind.OnSuccess => stage.OnSuccess?.Conditions.FirstOrDefault(),
        _ => stage.OnFailure?.Conditions.FirstOrDefault(),
    };

    /// <summary>The result a kind engages: the declared one (onFailure's own result first), FAIL by default.</summary>
    public static ConditionResult ResultOf(this StageDefinition stage, ConditionKind kind)
    {
        var text = kind == ConditionKind.OnFailure ? stage.OnFailure?.Result ?? stage.Condition(kind)?.Result : stage.Condition(kind)?.Result;
        return text is not null && ConditionNames.TryParseResult(text, out var result) ? result : ConditionResult.Fail;
    }

    public static StageRetryMode RetryModeOnFailure(this StageDefinition stage) =>
        stage.OnFailure?.RetryMode is { } text && ConditionNames.TryParseRetryMode(text, out var mode) ? mode : StageRetryMode.FailedActions;

    public static bool HasSourceActions(this StageDefinition stage) => stage.Actions.Any(a => a.Category == ActionCategory.Source);
}
