using System.Text.Json.Serialization;

namespace BuildFarm.Core.Definitions;

/// <summary>
/// A stage's <c>beforeEntry</c> or <c>onSuccess</c> gate (CodePipeline's shape): one condition whose rules must all
/// pass; when one fails, the condition's result is engaged.
/// </summary>
public sealed record StageConditions
{
    public IReadOnlyList<ConditionDefinition> Conditions { get; init; } = [];
}

/// <summary>
/// What happens when a stage fails: a result (FAIL, RETRY or ROLLBACK), the retry mode for RETRY, and optionally a
/// condition whose rules must all pass for the result to be engaged ("when the failure conditions are met").
/// </summary>
public sealed record FailureConditions
{
    public string? Result { get; init; }
    public string? RetryMode { get; init; }
    public IReadOnlyList<ConditionDefinition> Conditions { get; init; } = [];
}

public sealed record ConditionDefinition
{
    public string? Result { get; init; }
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
}

/// <summary>One rule of a condition: VariableCheck, DeploymentWindow, or Commands (a job on an agent whose exit code decides).</summary>
public sealed record RuleDefinition
{
    public const int DefaultTimeoutMinutes = 60;

    public required string Name { get; init; }
    public required string Provider { get; init; }
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Commands { get; init; } = [];
    public IReadOnlyList<string> InputArtifacts { get; init; } = [];
    public int? TimeoutMinutes { get; init; }

    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromMinutes(TimeoutMinutes ?? DefaultTimeoutMinutes);
}
