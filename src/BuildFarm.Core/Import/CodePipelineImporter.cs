using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>
/// Reads a CodePipeline declaration, as <c>aws codepipeline get-pipeline</c> prints it (<c>{"pipeline": ..., "metadata": ...}</c>)
/// or bare, and turns it into ours. Everything with a local equivalent maps; everything else is noted one by one
/// with its path, and what has no equivalent gets a stand-in so that the result stays a valid pipeline.
/// </summary>
public static class CodePipelineImporter
{
    private static readonly string[] PipelineFields = ["name", "stages", "executionMode", "variables", "triggers"];

    private static readonly Dictionary<string, string> IgnoredPipelineFields = new()
    {
        ["roleArn"] = "IAM roles do not apply: jobs run with their agents' own credentials",
        ["artifactStore"] = "artifacts live in the farm's content store (content-addressed, verified); no bucket or encryption key is needed",
        ["artifactStores"] = "artifacts live in the farm's content store, one for every action wherever it runs; no per-region bucket is needed",
        ["version"] = "versions are numbered by the farm: `farm pipeline apply` makes version 1, then one more for every change",
        ["pipelineType"] = "there are no V1/V2 pipeline types: every feature is available to every pipeline",
        ["RestartExecutionOnUpdate"] = "executions pin the version they started with; applying a new version never restarts or cancels them",
        ["Tags"] = "pipelines have no tags here",
        ["DisableInboundStageTransitions"] = "transitions are runtime state here: run `farm stage disable PIPELINE STAGE --reason TEXT` after applying",
    };

    public static ImportResult Import(string json)
    {
        var context = new ImportContext();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }).RootElement;
        }
        catch (JsonException e)
        {
            context.Unsupported("", "", $"not valid JSON: {e.Message}");
            return new ImportResult(null, context.Notes, []);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            context.Unsupported("", "", "expected a JSON object: the output of `aws codepipeline get-pipeline`, or its 'pipeline' object");
            return new ImportResult(null, context.Notes, []);
        }
        var path = "";
        var declaration = root;
        if (root.TryGetProperty("pipeline", out var wrapped))
        {
            var envelope = context.Object(root, "", ["pipeline"], new Dictionary<string, string>
            {
                ["metadata"] = "pipelineArn, created and updated are the farm's own (farm pipeline get shows when a version was applied)",
            });
            declaration = envelope["pipeline"];
            path = "pipeline";
        }
        var definition = Pipeline(context, declaration, path);
        var problems = definition is null ? [] : DefinitionValidator.Validate(definition);
        return new ImportResult(definition, context.Notes, problems);
    }

    private static PipelineDefinition? Pipeline(ImportContext context, JsonElement element, string path)
    {
        var fields = context.Object(element, path, PipelineFields, IgnoredPipelineFields);
        if (ImportContext.Text(fields, "name") is not { } name)
        {
            context.Unsupported(ImportContext.Join(path, "name"), "", "the declaration has no name");
            return null;
        }
        var mode = ExecutionMode.Superseded;
        if (ImportContext.Text(fields, "executionMode") is { } modeText && !ExecutionModes.TryParse(modeText, out mode))
            context.Unsupported(ImportContext.Join(path, "executionMode"), modeText, "unknown execution mode; SUPERSEDED is used",
                string.Join(", ", ExecutionModes.Names));
        var actions = new ActionImporter(context);
        var conditions = new ConditionImporter(context);
        var stages = new List<StageDefinition>();
        foreach (var (stageElement, s) in ImportContext.Items(fields, "stages"))
        {
            var stagePath = $"{ImportContext.Join(path, "stages")}[{s}]";
            var stage = context.Object(stageElement, stagePath, ["name", "actions", "beforeEntry", "onSuccess", "onFailure"],
                new Dictionary<string, string> { ["blockers"] = "reserved by CodePipeline for future use; nothing to carry over" });
            stages.Add(new StageDefinition
            {
                Name = ImportContext.Text(stage, "name") ?? "",
                Actions = ImportContext.Items(stage, "actions")
                    .Select(a => actions.Import(a.Item, $"{ImportContext.Join(stagePath, "actions")}[{a.Index}]"))
                    .OfType<ActionDefinition>().ToList(),
                BeforeEntry = conditions.Gate(stage, "beforeEntry", stagePath),
                OnSuccess = conditions.Gate(stage, "onSuccess", stagePath),
                OnFailure = conditions.Failure(stage, stagePath),
            });
        }
        return new PipelineDefinition
        {
            Name = name,
            ExecutionMode = mode,
            Variables = ImportContext.Items(fields, "variables").Select(v =>
            {
                var variable = context.Object(v.Item, $"{ImportContext.Join(path, "variables")}[{v.Index}]", ["name", "defaultValue", "description"]);
                return new VariableDeclaration
                {
                    Name = ImportContext.Text(variable, "name") ?? "",
                    DefaultValue = ImportContext.Text(variable, "defaultValue"),
                    Description = ImportContext.Text(variable, "description"),
                };
            }).ToList(),
            Stages = stages,
            // After the stages: a trigger watches a source action, which must have been imported as a Git source.
            Triggers = new TriggerImporter(context).Import(fields, path),
        };
    }
}
