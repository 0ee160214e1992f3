namespace BuildFarm.Core.Definitions.Validation;

/// <summary>An action's automatic retry rule: how many attempts, on which exit codes.</summary>
internal static class RetryRules
{
    public static void Check(ActionSite site, ProblemList problems)
    {
        if (site.Action.Retry is not { } retry) return;
        if (retry.MaxAttempts is < 1 or > ActionRetryRule.MaxMaxAttempts)
            problems.Add(site.Field("retry.maxAttempts"),
                $"maxAttempts is {retry.MaxAttempts}; use 1 to {ActionRetryRule.MaxMaxAttempts} (attempts in all, the first included)");
        var seen = new Dictionary<int, int>();
        for (var i = 0; i < retry.OnExitCodes.Count; i++)
        {
            var code = retry.OnExitCodes[i];
            var path = site.Field($"retry.onExitCodes[{i}]");
            if (code is < 1 or > 255) problems.Add(path, $"exit code {code} cannot mean failure; use 1 to 255");
            else if (!seen.TryAdd(code, i)) problems.Add(path, $"exit code {code} is listed twice (first at onExitCodes[{seen[code]}])");
        }
        if (retry.OnExitCodes.Count > 0 && ProviderCatalog.Find(site.Action.Provider) is { TakesCommands: false } spec)
            problems.Add(site.Field("retry.onExitCodes"), $"provider '{spec.Name}' runs no commands, so it has no exit codes to retry on");
    }
}
