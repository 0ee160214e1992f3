using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>
/// One CodePipeline action to ours. Commands and Manual map as they are; CodeBuild maps to Buildspec and git sources
/// (connections, CodeCommit, GitHub version 1) to Git, with notes; every other provider is reported as unsupported
/// and replaced by a stand-in that keeps the pipeline's artifacts flowing: a Folder source, or a Commands action that
/// fails saying what to replace.
/// </summary>
internal sealed class ActionImporter(ImportContext context)
{
    private static readonly string[] Read =
        ["name", "actionTypeId", "runOrder", "configuration", "inputArtifacts", "outputArtifacts", "namespace", "timeoutInMinutes",
         "commands", "outputVariables", "environmentVariables", "region", "roleArn"];

    public ActionDefinition? Import(JsonElement element, string path)
    {
        var fields = context.Object(element, path, Read);
        var name = ImportContext.Text(fields, "name") ?? "";
        var type = fields.TryGetValue("actionTypeId", out var typeElement)
            ? context.Object(typeElement, ImportContext.Join(path, "actionTypeId"), ["category", "owner", "provider", "version"])
            : [];
        var category = ImportContext.Text(type, "category") ?? "";
        var owner = ImportContext.Text(type, "owner") ?? "AWS";
        var provider = ImportContext.Text(type, "provider") ?? "";
        var subject = $"{category}/{owner}/{provider}";
        if (fields.ContainsKey("region"))
            context.Ignored(ImportContext.Join(path, "region"), "cross-region actions do not apply: every action runs on this farm's agents");
        if (fields.ContainsKey("roleArn"))
            context.Ignored(ImportContext.Join(path, "roleArn"), "IAM roles do not apply: a job runs with its agent's own credentials");
        if (type.ContainsKey("version") && ImportContext.Text(type, "version") != "1")
            context.Ignored(ImportContext.Join(path, "actionTypeId.version"), "provider versions do not apply here");

        var action = new ActionDefinition
        {
            Name = name,
            Category = category,
            Provider = provider,
            RunOrder = ImportContext.Integer(fields, "runOrder") ?? 1,
            Configuration = ImportContext.Map(fields, "configuration"),
            InputArtifacts = Artifacts(fields, "inputArtifacts", path).Select(a => a.Name).ToList(),
            OutputArtifacts = Artifacts(fields, "outputArtifacts", path),
            Namespace = ImportContext.Text(fields, "namespace"),
            TimeoutMinutes = ImportContext.Integer(fields, "timeoutInMinutes"),
            Commands = ImportContext.Strings(fields, "commands"),
            OutputVariables = ImportContext.Strings(fields, "outputVariables"),
        };
        var environment = Environment(fields, path, subject);

        if (owner == "AWS" && provider == "Commands")
            return Commands(action, path, subject, environment.Select(v => $"export {v.Name}={ShellQuote(v.Value)}").ToList());
        if (owner == "AWS" && provider == "Manual" && category == ActionCategory.Approval) return Approval(action, path, subject);
        if (owner == "AWS" && provider == "CodeBuild" && action.InputArtifacts.Count > 0)
            return new CodeBuildImporter(context).Import(action, path, subject, environment);
        var sources = new GitSourceImporter(context);
        if (sources.Handles(owner, provider, category)) return sources.Import(action, path, subject, provider);
        return StandIn(action, path, subject, owner);
    }

    private List<OutputArtifactDefinition> Artifacts(Dictionary<string, JsonElement> fields, string field, string path)
    {
        var artifacts = new List<OutputArtifactDefinition>();
        foreach (var (item, i) in ImportContext.Items(fields, field))
        {
            var artifact = context.Object(item, $"{ImportContext.Join(path, field)}[{i}]", ["name", "files"]);
            if (ImportContext.Text(artifact, "name") is { } name)
                artifacts.Add(new OutputArtifactDefinition { Name = name, Files = ImportContext.Strings(artifact, "files") });
        }
        return artifacts;
    }

    /// <summary>The PLAINTEXT environment variables; secrets are reported.</summary>
    private List<(string Name, string Value)> Environment(Dictionary<string, JsonElement> fields, string path, string subject)
    {
        var exports = new List<(string, string)>();
        foreach (var (item, i) in ImportContext.Items(fields, "environmentVariables"))
        {
            var itemPath = $"{ImportContext.Join(path, "environmentVariables")}[{i}]";
            var variable = context.Object(item, itemPath, ["name", "value", "type"]);
            var (name, value, type) = (ImportContext.Text(variable, "name") ?? "", ImportContext.Text(variable, "value") ?? "",
                ImportContext.Text(variable, "type") ?? "PLAINTEXT");
            if (type == "PLAINTEXT") exports.Add((name, value));
            else context.Unsupported(itemPath, subject, SecretVariableMessage(type, name, value), SecretVariableSuggestion(name, value));
        }
        return exports;
    }

    public static string SecretVariableMessage(string type, string name, string value) =>
        $"{type} variable '{name}' ({value}) is not carried over: a secret reaches a job only through a buildspec's env";

    public static string SecretVariableSuggestion(string name, string value) =>
        $"store the value as a farm secret (`farm secret set NAME`) and read it in a Buildspec action's buildspec with env.secrets-manager: {{{name}: NAME}}";

    private ActionDefinition Commands(ActionDefinition action, string path, string subject, List<string> exports)
    {
        foreach (var key in action.Configuration.Keys)
            context.Ignored(ImportContext.Join(path, $"configuration.{key}"), "the build environment (image, compute type) is the agent's own machine here");
        var outputs = action.OutputArtifacts.Select(o => o.Files.Count > 0 ? o : WithAllFiles(o, path, subject)).ToList();
        return action with
        {
            Category = ActionCategory.Compute,
            Configuration = new Dictionary<string, string>(),
            Commands = [.. exports, .. action.Commands],
            OutputArtifacts = outputs,
        };
    }

    private ActionDefinition Approval(ActionDefinition action, string path, string subject)
    {
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in action.Configuration)
        {
            if (key is "CustomData" or "ExternalEntityLink") configuration[key] = value;
            else if (key == "NotificationArn")
                context.Ignored(ImportContext.Join(path, "configuration.NotificationArn"),
                    "there is no SNS here; reviewers find waiting approvals with `farm pipeline state` and answer with `farm approve`/`farm reject`");
            else context.Ignored(ImportContext.Join(path, $"configuration.{key}"), $"not a configuration key of a manual approval ({subject})");
        }
        return action with { Configuration = configuration };
    }

    private OutputArtifactDefinition WithAllFiles(OutputArtifactDefinition artifact, string path, string subject)
    {
        if (artifact.Files.Count > 0) return artifact;
        context.Changed(path, subject, $"output artifact '{artifact.Name}' takes every file of the working directory ('**')",
            "list the files it should hold under outputArtifacts[].files");
        return artifact with { Files = ["**"] };
    }

    /// <summary>No equivalent: a Folder source for a source, else a Commands action that fails saying what to replace.</summary>
    private ActionDefinition StandIn(ActionDefinition action, string path, string subject, string owner)
    {
        var suggestion = AwsProviders.SuggestionFor(action.Provider, action.Category);
        var what = owner == "AWS" ? "no local equivalent" : $"{owner} providers have no local equivalent";
        context.Unsupported(path, subject, what, suggestion);
        foreach (var key in action.Configuration.Keys)
            context.Ignored(ImportContext.Join(path, $"configuration.{key}"), $"configuration of {subject}, which was not imported");
        if (action.Category == ActionCategory.Source && action.Namespace is { } ns)
            context.Changed(ImportContext.Join(path, "namespace"), subject,
                $"a Folder source publishes no variables, so references to #{{{ns}.NAME}} fail when an action that uses them starts",
                "use a Git source (it publishes CommitId, BranchName, ...), or publish what later actions need from a Commands action (outputVariables)");
        if (action.Category == ActionCategory.Source)
            return action with
            {
                Provider = ProviderCatalog.Folder.Name,
                Configuration = new Dictionary<string, string> { ["Path"] = "." },
                InputArtifacts = [],
                OutputArtifacts = action.OutputArtifacts.Take(1).Select(o => o with { Files = [] }).ToList(),
                Commands = [],
                OutputVariables = [],
                TimeoutMinutes = null,
            };
        return action with
        {
            Category = action.Category is ActionCategory.Build or ActionCategory.Test ? action.Category : ActionCategory.Compute,
            Provider = ProviderCatalog.Commands.Name,
            Configuration = new Dictionary<string, string>(),
            Commands = [$"echo 'not imported: {subject} ({path}); replace this action' >&2", "exit 1"],
            OutputArtifacts = action.OutputArtifacts.Select(o => o with { Files = ["**"] }).ToList(),
            OutputVariables = [],
            TimeoutMinutes = null,
        };
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
