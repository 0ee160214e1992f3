namespace BuildFarm.Core.Definitions.Validation;

/// <summary>What an action asks of its provider: category, configuration, commands, artifact counts, output files.</summary>
internal static class ProviderRules
{
    public const int MinRunOrder = 1;
    public const int MaxRunOrder = 999;
    public const int MaxTimeoutMinutes = 1440;
    public const int MaxConfigurationKeyLength = 50;
    public const int MaxConfigurationValueLength = 1000;

    public static void Check(ActionSite site, ProblemList problems)
    {
        var action = site.Action;
        var categoryKnown = ActionCategory.All.Contains(action.Category);
        if (!categoryKnown)
            problems.Add(site.Field("category"),
                $"unknown category '{action.Category}'{Suggestions.DidYouMean(action.Category, ActionCategory.All)}; use one of {string.Join(", ", ActionCategory.All)}");
        if (action.RunOrder is < MinRunOrder or > MaxRunOrder)
            problems.Add(site.Field("runOrder"),
                $"runOrder is {action.RunOrder}; use {MinRunOrder} to {MaxRunOrder} (actions with the same runOrder run in parallel)");
        if (action.IsApproval) ApprovalRules.Check(site, problems);
        else if (action.TimeoutMinutes is { } timeout and (< 1 or > MaxTimeoutMinutes))
            problems.Add(site.Field("timeoutInMinutes"),
                $"timeoutInMinutes is {timeout}; use 1 to {MaxTimeoutMinutes} (24 hours), or leave it out for {ActionDefinition.DefaultTimeoutMinutes}");
        RetryRules.Check(site, problems);

        var spec = ProviderCatalog.Find(action.Provider);
        ConfigurationSizes(site, spec, problems);

        if (spec is null)
        {
            problems.Add(site.Field("provider"),
                $"unknown provider '{action.Provider}'{Suggestions.DidYouMean(action.Provider, ProviderCatalog.All.Select(p => p.Name))}; " +
                $"known providers: {string.Join(", ", ProviderCatalog.All.Select(p => p.Name))}");
            return;
        }
        if (categoryKnown && !spec.Categories.Contains(action.Category))
        {
            var serving = ProviderCatalog.All.Where(p => p.Categories.Contains(action.Category)).Select(p => p.Name).ToList();
            problems.Add(site.Field("provider"),
                $"provider '{spec.Name}' does not serve category '{action.Category}' (it serves {string.Join(", ", spec.Categories)}); " +
                (serving.Count == 0 ? $"no known provider serves {action.Category}" : $"providers for {action.Category}: {string.Join(", ", serving)}"));
        }
        ConfigurationKeys(site, spec, problems);
        Commands(site, spec, problems);
        ArtifactCounts(site, spec, problems);
        OutputFiles(site, spec, problems);
        foreach (var problem in spec.CheckConfiguration?.Invoke(action) ?? []) problems.Add(site.Field(problem.Path), problem.Message);
    }

    private static void ConfigurationSizes(ActionSite site, ProviderSpec? spec, ProblemList problems)
    {
        foreach (var (key, value) in site.Action.Configuration)
        {
            var path = site.Field($"configuration.{key}");
            problems.AddIf(path, NameRules.Length("configuration key", key, MaxConfigurationKeyLength));
            if (spec?.LongConfigurationKeys.Contains(key) != true)
                problems.AddIf(path, NameRules.Length("configuration value", value, MaxConfigurationValueLength));
        }
    }

    private static void ConfigurationKeys(ActionSite site, ProviderSpec spec, ProblemList problems)
    {
        var configuration = site.Action.Configuration;
        foreach (var required in spec.RequiredConfiguration.Where(k => !configuration.ContainsKey(k)))
            problems.Add(site.Field("configuration"), $"provider '{spec.Name}' needs configuration key '{required}'");
        var accepted = spec.RequiredConfiguration.Concat(spec.OptionalConfiguration).ToList();
        foreach (var key in configuration.Keys.Where(k => !accepted.Contains(k)))
            problems.Add(site.Field($"configuration.{key}"),
                $"provider '{spec.Name}' does not accept configuration key '{key}'{Suggestions.DidYouMean(key, accepted)}; " +
                $"accepted keys: {(accepted.Count == 0 ? "none" : string.Join(", ", accepted))}");
    }

    private static void Commands(ActionSite site, ProviderSpec spec, ProblemList problems)
    {
        var commands = site.Action.Commands;
        if (!spec.TakesCommands)
        {
            if (commands.Count > 0) problems.Add(site.Field("commands"), $"provider '{spec.Name}' does not take commands; leave 'commands' out");
            return;
        }
        if (commands.Count == 0) problems.Add(site.Field("commands"), $"provider '{spec.Name}' needs at least one command");
        for (var c = 0; c < commands.Count; c++)
            if (string.IsNullOrWhiteSpace(commands[c])) problems.Add(site.Field($"commands[{c}]"), "the command is empty");
    }

    private static void ArtifactCounts(ActionSite site, ProviderSpec spec, ProblemList problems)
    {
        var inputs = site.Action.InputArtifacts.Count;
        // A Source action with inputs is reported by the artifact rules, in Source terms.
        var sourceWithInputs = site.Action.Category == ActionCategory.Source && inputs > 0;
        if (!sourceWithInputs && (inputs < spec.MinInputs || inputs > spec.MaxInputs))
            problems.Add(site.Field("inputArtifacts"),
                $"provider '{spec.Name}' takes {CountRange(spec.MinInputs, spec.MaxInputs, "input artifact")}; this action lists {inputs}");
        var outputs = site.Action.OutputArtifacts.Count;
        if (outputs < spec.MinOutputs || outputs > spec.MaxOutputs)
            problems.Add(site.Field("outputArtifacts"),
                $"provider '{spec.Name}' takes {CountRange(spec.MinOutputs, spec.MaxOutputs, "output artifact")}; this action lists {outputs}");
    }

    private static string CountRange(int min, int max, string noun) =>
        max == 0 ? $"no {noun}s"
        : min == max ? $"exactly {min} {noun}{(min == 1 ? "" : "s")}"
        : min == 0 ? $"at most {max} {noun}s"
        : $"{min} to {max} {noun}s";

    /// <summary>A commands provider picks its outputs from the working directory by glob; other providers make their outputs whole.</summary>
    private static void OutputFiles(ActionSite site, ProviderSpec spec, ProblemList problems)
    {
        var outputs = site.Action.OutputArtifacts;
        for (var o = 0; o < outputs.Count; o++)
        {
            var path = site.Field($"outputArtifacts[{o}].files");
            var files = outputs[o].Files;
            if (!spec.TakesCommands)
            {
                if (files.Count > 0) problems.Add(path, $"provider '{spec.Name}' makes its output artifact whole; leave 'files' out");
                continue;
            }
            if (files.Count == 0)
                problems.Add(path, $"output artifact '{outputs[o].Name}' needs 'files': globs relative to the working directory, e.g. 'out/**'");
            for (var f = 0; f < files.Count; f++) problems.AddIf($"{path}[{f}]", GlobProblem(files[f]));
        }
    }

    private static string? GlobProblem(string glob)
    {
        if (string.IsNullOrWhiteSpace(glob)) return "the glob is empty; write one relative to the working directory, e.g. 'out/**'";
        if (glob[0] is '/' or '\\' || (glob.Length >= 2 && glob[1] == ':'))
            return $"'{glob}' is absolute; globs are relative to the working directory, e.g. 'out/**'";
        if (glob.Split('/', '\\').Contains(".."))
            return $"'{glob}' contains '..'; globs may not leave the working directory";
        return null;
    }
}
