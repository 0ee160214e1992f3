namespace BuildFarm.Core.Definitions;

/// <summary>What a condition rule's provider accepts.</summary>
public sealed record RuleProviderSpec(
    string Name,
    IReadOnlyList<string> RequiredConfiguration,
    IReadOnlyList<string> OptionalConfiguration,
    bool TakesCommands,
    int MaxInputs,
    string Summary);

/// <summary>The rule providers of stage conditions. VariableCheck and DeploymentWindow are decided by the server; Commands runs as a job.</summary>
public static class RuleProviderCatalog
{
    public static readonly RuleProviderSpec VariableCheck = new(
        "VariableCheck", ["Variable", "Value", "Operator"], [], TakesCommands: false, MaxInputs: 0,
        "compares a variable with a value (EQ, NE, CONTAINS, MATCHES)");

    public static readonly RuleProviderSpec DeploymentWindow = new(
        "DeploymentWindow", ["Cron"], ["TimeZone"], TakesCommands: false, MaxInputs: 0,
        "passes only during the minutes a cron expression matches");

    public static readonly RuleProviderSpec Commands = new(
        "Commands", [], ["Shell", "WorkingDirectory"], TakesCommands: true, MaxInputs: 10,
        "runs commands on an agent; exit code 0 passes");

    public static readonly IReadOnlyList<RuleProviderSpec> All = [VariableCheck, DeploymentWindow, Commands];

    public static RuleProviderSpec? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>CodePipeline's rule providers that have no equivalent here, with what to use instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>
    {
        ["CloudWatchAlarm"] = "a Commands rule that queries your monitoring system and exits non-zero when the alarm is raised",
        ["LambdaInvoke"] = "a Commands rule that runs the check itself (or calls the function) and exits non-zero to fail",
        ["CodeBuild"] = "a Commands rule with the build project's commands",
    };
}
