using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions.Conditions;

/// <summary>The rules the server decides by itself, from resolved configuration and the clock (no job needed).</summary>
public static class ServerRules
{
    public static bool Decides(string provider) =>
        provider == RuleProviderCatalog.VariableCheck.Name || provider == RuleProviderCatalog.DeploymentWindow.Name;

    public static RuleVerdict Evaluate(string provider, IReadOnlyDictionary<string, string> configuration, DateTimeOffset now)
    {
        if (provider == RuleProviderCatalog.VariableCheck.Name)
            return VariableCheck.Evaluate(configuration.GetValueOrDefault("Variable", ""), configuration.GetValueOrDefault("Operator", ""),
                configuration.GetValueOrDefault("Value", ""));
        if (provider != RuleProviderCatalog.DeploymentWindow.Name)
            return new RuleVerdict(false, $"rule provider '{provider}' is not decided by the server");

        var cron = configuration.GetValueOrDefault("Cron", "");
        if (DeploymentWindow.Parse(cron, configuration.GetValueOrDefault("TimeZone"), out var problem) is not { } window)
            return new RuleVerdict(false, problem!);
        if (window.IsOpen(now)) return new RuleVerdict(true, $"inside the deployment window '{cron}' ({window.Describe(now)})");
        var next = window.NextOpening(now);
        return new RuleVerdict(false, $"outside the deployment window '{cron}' ({window.Describe(now)}); " +
                                      (next is { } at ? $"it next opens {window.Describe(at)}" : "it never opens again"));
    }
}
