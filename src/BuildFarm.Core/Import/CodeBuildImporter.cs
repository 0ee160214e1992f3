using System.Text.Json;
using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>
/// A CodeBuild action to a Buildspec action: the project's buildspec is not in the declaration, so the action runs
/// <c>buildspec.yml</c> of its primary source (CodeBuild's default); <c>PrimarySource</c> and the PLAINTEXT
/// <c>EnvironmentVariables</c> carry over; the project itself (image, compute, role) has no meaning here.
/// </summary>
internal sealed class CodeBuildImporter(ImportContext context)
{
    public ActionDefinition Import(ActionDefinition action, string path, string subject, IReadOnlyList<(string Name, string Value)> actionVariables)
    {
        var source = action.Configuration;
        var project = source.GetValueOrDefault("ProjectName", "(no ProjectName)");
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal) { [BuildspecConfiguration.BuildSpec] = BuildspecConfiguration.DefaultFile };
        var primary = source.TryGetValue("PrimarySource", out var named) && action.InputArtifacts.Contains(named) ? named : action.InputArtifacts[0];
        if (source.ContainsKey("PrimarySource")) configuration[BuildspecConfiguration.PrimarySource] = primary;
        if (named is not null && named != primary)
            context.Changed(ImportContext.Join(path, "configuration.PrimarySource"), subject,
                $"'{named}' is not an input artifact of the action; the primary source is '{primary}'");

        var variables = actionVariables.ToList();
        if (source.TryGetValue("EnvironmentVariables", out var json)) variables.AddRange(EnvironmentVariables(json, path, subject));
        if (variables.Count > 0)
            configuration[BuildspecConfiguration.EnvironmentVariables] =
                JsonSerializer.Serialize(variables.Select(v => new Dictionary<string, string> { ["name"] = v.Name, ["value"] = v.Value, ["type"] = "PLAINTEXT" }));

        context.Changed(path, subject,
            $"mapped to a Buildspec action; CodeBuild project '{project}' has no meaning here: the action runs {BuildspecConfiguration.DefaultFile} " +
            $"of its primary source '{primary}' on an agent (the agent's machine is the build environment)",
            $"if the project names another buildspec file, or holds its buildspec inline, set configuration.{BuildspecConfiguration.BuildSpec} to that path or YAML");
        foreach (var (key, value) in source)
        {
            var keyPath = ImportContext.Join(path, $"configuration.{key}");
            switch (key)
            {
                case "ProjectName" or "PrimarySource" or "EnvironmentVariables":
                    break;
                case "BatchEnabled" or "CombineArtifacts" when value == "true":
                    context.Unsupported(keyPath, subject, "batch builds are not supported yet: the action runs one build of its buildspec",
                        "run the batch's builds as separate Buildspec actions with the same runOrder (they run in parallel)");
                    break;
                case "BatchEnabled" or "CombineArtifacts":
                    context.Ignored(keyPath, $"{key} is false: one build, as here");
                    break;
                default:
                    context.Ignored(keyPath, $"a CodeBuild setting with no equivalent for a Buildspec action ({key})");
                    break;
            }
        }
        return action with
        {
            Category = action.Category is ActionCategory.Build or ActionCategory.Test ? action.Category : ActionCategory.Build,
            Provider = ProviderCatalog.Buildspec.Name,
            Configuration = configuration,
            Commands = [],
            OutputVariables = [],
            OutputArtifacts = action.OutputArtifacts.Select(o => o with { Files = [] }).ToList(),
        };
    }

    /// <summary>The PLAINTEXT variables of CodePipeline's JSON list; the others are reported (a farm secret goes in the buildspec's env).</summary>
    private IEnumerable<(string, string)> EnvironmentVariables(string json, string path, string subject)
    {
        var at = ImportContext.Join(path, "configuration.EnvironmentVariables");
        JsonElement list;
        try
        {
            list = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            context.Unsupported(at, subject, $"not valid JSON ({e.Message})");
            yield break;
        }
        if (list.ValueKind != JsonValueKind.Array) yield break;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{at}[{i++}]";
            var fields = context.Object(item, itemPath, ["name", "value", "type"]);
            var (name, value, type) = (ImportContext.Text(fields, "name") ?? "", ImportContext.Text(fields, "value") ?? "",
                ImportContext.Text(fields, "type") ?? "PLAINTEXT");
            if (type == "PLAINTEXT") yield return (name, value);
            else context.Unsupported(itemPath, subject, ActionImporter.SecretVariableMessage(type, name, value), ActionImporter.SecretVariableSuggestion(name, value));
        }
    }
}
