using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>A stage's beforeEntry, onSuccess and onFailure; rules whose provider exists only on AWS are reported and left out.</summary>
internal sealed class ConditionImporter(ImportContext context)
{
    public StageConditions? Gate(Dictionary<string, JsonElement> stage, string field, string path)
    {
        if (!stage.TryGetValue(field, out var element)) return null;
        var gatePath = ImportContext.Join(path, field);
        var fields = context.Object(element, gatePath, ["conditions"]);
        var conditions = Conditions(fields, gatePath);
        if (conditions.Count > 0) return new StageConditions { Conditions = conditions };
        context.Unsupported(gatePath, "", $"no rule of this {field} condition can run here, so the condition is left out",
            "replace the rules reported above with VariableCheck, DeploymentWindow or Commands rules");
        return null;
    }

    public FailureConditions? Failure(Dictionary<string, JsonElement> stage, string path)
    {
        if (!stage.TryGetValue("onFailure", out var element)) return null;
        var failurePath = ImportContext.Join(path, "onFailure");
        var fields = context.Object(element, failurePath, ["result", "retryConfiguration", "conditions"]);
        string? retryMode = null;
        if (fields.TryGetValue("retryConfiguration", out var retry))
            retryMode = ImportContext.Text(context.Object(retry, ImportContext.Join(failurePath, "retryConfiguration"), ["retryMode"]), "retryMode");
        var hadConditions = ImportContext.Items(fields, "conditions").Any();
        var conditions = Conditions(fields, failurePath);
        var result = ImportContext.Text(fields, "result");
        if (hadConditions && conditions.Count == 0)
        {
            context.Unsupported(ImportContext.Join(failurePath, "conditions"), "",
                "no rule of the onFailure condition can run here; the result would be engaged on every failure, so onFailure is left out",
                "replace the rules reported above with VariableCheck, DeploymentWindow or Commands rules, then add onFailure back");
            return null;
        }
        return new FailureConditions { Result = result, RetryMode = retryMode, Conditions = conditions };
    }

    private List<ConditionDefinition> Conditions(Dictionary<string, JsonElement> fields, string path)
    {
        var conditions = new List<ConditionDefinition>();
        foreach (var (item, i) in ImportContext.Items(fields, "conditions"))
        {
            var conditionPath = $"{ImportContext.Join(path, "conditions")}[{i}]";
            var condition = context.Object(item, conditionPath, ["result", "rules"]);
            var rules = ImportContext.Items(condition, "rules")
                .Select(r => Rule(r.Item, $"{ImportContext.Join(conditionPath, "rules")}[{r.Index}]"))
                .OfType<RuleDefinition>().ToList();
            if (rules.Count > 0) conditions.Add(new ConditionDefinition { Result = ImportContext.Text(condition, "result"), Rules = rules });
        }
        return conditions;
    }

    private RuleDefinition? Rule(JsonElement element, string path)
    {
        var fields = context.Object(element, path,
            ["name", "ruleTypeId", "configuration", "commands", "inputArtifacts", "timeoutInMinutes", "roleArn", "region"]);
        var type = fields.TryGetValue("ruleTypeId", out var typeElement)
            ? context.Object(typeElement, ImportContext.Join(path, "ruleTypeId"), ["category", "owner", "provider", "version"])
            : [];
        var provider = ImportContext.Text(type, "provider") ?? "";
        var subject = $"Rule/{ImportContext.Text(type, "owner") ?? "AWS"}/{provider}";
        if (fields.ContainsKey("roleArn"))
            context.Ignored(ImportContext.Join(path, "roleArn"), "IAM roles do not apply: a Commands rule runs with its agent's own credentials");
        if (fields.ContainsKey("region"))
            context.Ignored(ImportContext.Join(path, "region"), "regions do not apply: rules run on this farm");
        if (RuleProviderCatalog.Find(provider) is null)
        {
            context.Unsupported(path, subject, "no local equivalent; the rule is left out",
                RuleProviderCatalog.Unsupported.GetValueOrDefault(provider, "a Commands rule that checks the same and exits non-zero to fail"));
            return null;
        }
        var configuration = ImportContext.Map(fields, "configuration");
        if (provider == RuleProviderCatalog.Commands.Name)
            foreach (var key in configuration.Keys.Where(k => k is not ("Shell" or "WorkingDirectory")).ToList())
            {
                context.Ignored(ImportContext.Join(path, $"configuration.{key}"), "the build environment (image, compute type) is the agent's own machine here");
                configuration.Remove(key);
            }
        return new RuleDefinition
        {
            Name = ImportContext.Text(fields, "name") ?? "",
            Provider = provider,
            Configuration = configuration,
            Commands = ImportContext.Strings(fields, "commands"),
            InputArtifacts = ImportContext.Items(fields, "inputArtifacts")
                .Select(a => a.Item.ValueKind == JsonValueKind.Object && a.Item.TryGetProperty("name", out var n) ? n.GetString() : null)
                .OfType<string>().ToList(),
            TimeoutMinutes = ImportContext.Integer(fields, "timeoutInMinutes"),
        };
    }
}
