using BuildFarm.Core.Executions.Conditions;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>
/// A stage's beforeEntry, onSuccess and onFailure: one condition each, results that fit the kind, rules whose
/// providers, configuration, artifacts and variable references are valid where the rule runs.
/// </summary>
internal static class StageConditionRules
{
    public const int MaxRules = 5;
    public const int MaxCommands = 50;

    public static void Check(DefinitionIndex index, ProblemList problems)
    {
        var definition = index.Definition;
        for (var s = 0; s < definition.Stages.Count; s++)
        {
            var stage = definition.Stages[s];
            var path = $"stages[{s}]";
            if (stage.BeforeEntry is { } beforeEntry)
                Gate(index, s, ConditionKind.BeforeEntry, beforeEntry.Conditions, $"{path}.beforeEntry", problems);
            if (stage.OnSuccess is { } onSuccess)
                Gate(index, s, ConditionKind.OnSuccess, onSuccess.Conditions, $"{path}.onSuccess", problems);
            if (stage.OnFailure is { } onFailure)
                Failure(index, s, onFailure, $"{path}.onFailure", problems);
        }
    }

    private static void Gate(DefinitionIndex index, int stage, ConditionKind kind, IReadOnlyList<ConditionDefinition> conditions, string path, ProblemList problems)
    {
        if (conditions.Count != 1)
        {
            problems.Add($"{path}.conditions", $"{ConditionNames.Field(kind)} holds exactly one condition (as in CodePipeline); " +
                                               $"it has {conditions.Count}; put every rule in one condition");
            if (conditions.Count == 0) return;
        }
        var condition = conditions[0];
        var conditionPath = $"{path}.conditions[0]";
        if (condition.Result is { } result) Result(index, stage, kind, result, $"{conditionPath}.result", problems);
        Rules(index, stage, kind, condition, conditionPath, problems);
    }

    private static void Failure(DefinitionIndex index, int stage, FailureConditions failure, string path, ProblemList problems)
    {
        if (failure.Conditions.Count > 1)
            problems.Add($"{path}.conditions", $"onFailure holds at most one condition; it has {failure.Conditions.Count}");
        var inner = failure.Conditions.FirstOrDefault()?.Result;
        if (failure.Result is null && inner is null)
            problems.Add(path, $"onFailure needs a result: {string.Join(", ", ConditionNames.Allowed(ConditionKind.OnFailure).Select(ConditionNames.NameOf))}");
        if (failure.Result is { } result) Result(index, stage, ConditionKind.OnFailure, result, $"{path}.result", problems);
        if (inner is not null)
        {
            Result(index, stage, ConditionKind.OnFailure, inner, $"{path}.conditions[0].result", problems);
            if (failure.Result is { } outer && !string.Equals(outer, inner, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{path}.conditions[0].result", $"'{inner}' differs from onFailure.result '{outer}'; give the result once");
        }
        var effective = failure.Result ?? inner;
        if (failure.RetryMode is { } mode)
        {
            if (!ConditionNames.TryParseRetryMode(mode, out _))
                problems.Add($"{path}.retryConfiguration.retryMode",
                    $"unknown retry mode '{mode}'; use {string.Join(" or ", ConditionNames.RetryModeNames)}");
            if (effective is not null && !string.Equals(effective, "RETRY", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{path}.retryConfiguration", $"retryConfiguration applies only to the result RETRY (this onFailure's result is {effective})");
        }
        if (failure.Conditions.Count > 0)
            Rules(index, stage, ConditionKind.OnFailure, failure.Conditions[0], $"{path}.conditions[0]", problems);
    }

    private static void Result(DefinitionIndex index, int stage, ConditionKind kind, string text, string path, ProblemList problems)
    {
        var allowed = ConditionNames.Allowed(kind);
        if (!ConditionNames.TryParseResult(text, out var result) || !allowed.Contains(result))
        {
            problems.Add(path, $"'{text}' is not a result of {ConditionNames.Field(kind)}; use {string.Join(" or ", allowed.Select(ConditionNames.NameOf))}");
            return;
        }
        if (result != ConditionResult.Rollback) return;
        if (index.Definition.ExecutionMode == ExecutionMode.Parallel)
            problems.Add(path, "ROLLBACK is not available in PARALLEL mode (executions do not pass the stage one after another, " +
                               "so there is no last good execution to return to); use FAIL, or the QUEUED or SUPERSEDED mode");
        if (index.Definition.Stages[stage].HasSourceActions())
            problems.Add(path, "a stage with Source actions cannot be rolled back; use FAIL");
    }

    private static void Rules(DefinitionIndex index, int stage, ConditionKind kind, ConditionDefinition condition, string path, ProblemList problems)
    {
        var rules = condition.Rules;
        if (rules.Count is 0 or > MaxRules)
            problems.Add($"{path}.rules", $"a condition has 1 to {MaxRules} rules; this one has {rules.Count}");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            var rulePath = $"{path}.rules[{r}]";
            problems.AddIf($"{rulePath}.name", NameRules.Entity("rule name", rule.Name));
            if (!names.TryAdd(rule.Name, r))
                problems.Add($"{rulePath}.name", $"rule '{rule.Name}' is declared twice in this condition (first at rules[{names[rule.Name]}])");
            Rule(index, stage, kind, rule, rulePath, problems);
        }
    }

    private static void Rule(DefinitionIndex index, int stage, ConditionKind kind, RuleDefinition rule, string path, ProblemList problems)
    {
        if (rule.TimeoutMinutes is { } timeout and (< 1 or > ProviderRules.MaxTimeoutMinutes))
            problems.Add($"{path}.timeoutInMinutes", $"timeoutInMinutes is {timeout}; use 1 to {ProviderRules.MaxTimeoutMinutes}, or leave it out for {RuleDefinition.DefaultTimeoutMinutes}");
        var site = RuleSites.For(stage, kind, rule);
        foreach (var (key, value) in rule.Configuration)
            ReferenceRules.Text($"{path}.configuration.{key}", value, site, index, problems);
        for (var c = 0; c < rule.Commands.Count; c++)
            ReferenceRules.Text($"{path}.commands[{c}]", rule.Commands[c], site, index, problems);

        if (RuleProviderCatalog.Find(rule.Provider) is not { } spec)
        {
            var known = string.Join(", ", RuleProviderCatalog.All.Select(p => p.Name));
            problems.Add($"{path}.provider", RuleProviderCatalog.Unsupported.TryGetValue(rule.Provider, out var instead)
                ? $"rule provider '{rule.Provider}' exists only on AWS; use {instead} (rule providers here: {known})"
                : $"unknown rule provider '{rule.Provider}'{Suggestions.DidYouMean(rule.Provider, RuleProviderCatalog.All.Select(p => p.Name))}; rule providers: {known}");
            return;
        }
        Configuration(rule, spec, path, problems);
        Commands(rule, spec, path, problems);
        Inputs(index, site, rule, spec, path, problems);
        if (spec == RuleProviderCatalog.VariableCheck) VariableCheckRule(rule, path, problems);
        if (spec == RuleProviderCatalog.DeploymentWindow && rule.Configuration.TryGetValue("Cron", out var cron)
            && DeploymentWindow.Parse(cron, rule.Configuration.GetValueOrDefault("TimeZone"), out var problem) is null)
            problems.Add($"{path}.configuration", problem!);
    }

    private static void Configuration(RuleDefinition rule, RuleProviderSpec spec, string path, ProblemList problems)
    {
        foreach (var required in spec.RequiredConfiguration.Where(k => !rule.Configuration.ContainsKey(k)))
            problems.Add($"{path}.configuration", $"rule provider '{spec.Name}' needs configuration key '{required}'");
        var accepted = spec.RequiredConfiguration.Concat(spec.OptionalConfiguration).ToList();
        foreach (var key in rule.Configuration.Keys.Where(k => !accepted.Contains(k)))
            problems.Add($"{path}.configuration.{key}",
                $"rule provider '{spec.Name}' does not accept configuration key '{key}'{Suggestions.DidYouMean(key, accepted)}; " +
                $"accepted keys: {(accepted.Count == 0 ? "none" : string.Join(", ", accepted))}");
    }

    private static void Commands(RuleDefinition rule, RuleProviderSpec spec, string path, ProblemList problems)
    {
        if (!spec.TakesCommands)
        {
            if (rule.Commands.Count > 0) problems.Add($"{path}.commands", $"rule provider '{spec.Name}' does not take commands; leave 'commands' out");
            return;
        }
        if (rule.Commands.Count is 0 or > MaxCommands)
            problems.Add($"{path}.commands", $"a Commands rule needs 1 to {MaxCommands} commands; this one has {rule.Commands.Count}");
        for (var c = 0; c < rule.Commands.Count; c++)
            if (string.IsNullOrWhiteSpace(rule.Commands[c])) problems.Add($"{path}.commands[{c}]", "the command is empty");
    }

    private static void Inputs(DefinitionIndex index, ActionSite site, RuleDefinition rule, RuleProviderSpec spec, string path, ProblemList problems)
    {
        if (rule.InputArtifacts.Count > spec.MaxInputs)
            problems.Add($"{path}.inputArtifacts", spec.MaxInputs == 0
                ? $"rule provider '{spec.Name}' takes no input artifacts"
                : $"a rule takes at most {spec.MaxInputs} input artifacts; this one lists {rule.InputArtifacts.Count}");
        for (var i = 0; i < rule.InputArtifacts.Count; i++)
            problems.AddIf($"{path}.inputArtifacts[{i}]", ArtifactRules.WhyUnavailable(rule.InputArtifacts[i], site, index));
    }

    private static void VariableCheckRule(RuleDefinition rule, string path, ProblemList problems)
    {
        if (rule.Configuration.TryGetValue("Operator", out var op) && !VariableCheck.Operators.Contains(op.ToUpperInvariant()))
            problems.Add($"{path}.configuration.Operator",
                $"unknown operator '{op}'{Suggestions.DidYouMean(op.ToUpperInvariant(), VariableCheck.Operators)}; use one of {string.Join(", ", VariableCheck.Operators)}");
        if (rule.Configuration.TryGetValue("Variable", out var variable) && !Variables.VariableReferences.Find(variable).Any())
            problems.Add($"{path}.configuration.Variable",
                $"'{variable}' holds no variable reference, so the check never changes; write one such as #{{variables.branch}} or #{{SourceVariables.BranchName}}");
        if (op is not null && op.Equals("MATCHES", StringComparison.OrdinalIgnoreCase) && rule.Configuration.TryGetValue("Value", out var pattern)
            && !pattern.Contains("#{", StringComparison.Ordinal) && VariableCheck.PatternProblem(pattern) is { } problem)
            problems.Add($"{path}.configuration.Value", problem);
    }
}
