namespace BuildFarm.Core.Definitions.Validation;

/// <summary>The pipeline's name, its variables, its stages, and the names of the actions in each stage.</summary>
internal static class StructureRules
{
    public const int MaxVariables = 50;
    // CodePipeline allows 50; a farm's stage fans out wider (a test suite over many agents: 200 in the fanout benchmark, 500 in scale).
    public const int MaxActionsPerStage = 1000;
    public const int MaxDefaultValueLength = 1000;
    public const int MaxDescriptionLength = 200;

    public static void Check(PipelineDefinition definition, ProblemList problems)
    {
        problems.AddIf("name", NameRules.Entity("pipeline name", definition.Name));
        Variables(definition.Variables, problems);
        if (definition.Stages.Count == 0) problems.Add("stages", "a pipeline needs at least one stage");
        var stageNames = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < definition.Stages.Count; s++)
        {
            var stage = definition.Stages[s];
            var path = $"stages[{s}]";
            problems.AddIf($"{path}.name", NameRules.Entity("stage name", stage.Name));
            if (!stageNames.TryAdd(stage.Name, s))
                problems.Add($"{path}.name", $"stage '{stage.Name}' is declared twice (first at stages[{stageNames[stage.Name]}])");
            Actions(stage, path, problems);
        }
    }

    private static void Variables(IReadOnlyList<VariableDeclaration> variables, ProblemList problems)
    {
        if (variables.Count > MaxVariables)
            problems.Add("variables", $"a pipeline declares at most {MaxVariables} variables; this one declares {variables.Count}");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var v = 0; v < variables.Count; v++)
        {
            var variable = variables[v];
            var path = $"variables[{v}]";
            problems.AddIf($"{path}.name", NameRules.Variable(variable.Name));
            if (!names.TryAdd(variable.Name, v))
                problems.Add($"{path}.name", $"variable '{variable.Name}' is declared twice (first at variables[{names[variable.Name]}])");
            problems.AddIf($"{path}.defaultValue", NameRules.Length("default value", variable.DefaultValue, MaxDefaultValueLength));
            problems.AddIf($"{path}.description", NameRules.Length("description", variable.Description, MaxDescriptionLength));
        }
    }

    private static void Actions(StageDefinition stage, string path, ProblemList problems)
    {
        if (stage.Actions.Count == 0) problems.Add($"{path}.actions", "a stage needs at least one action");
        if (stage.Actions.Count > MaxActionsPerStage)
            problems.Add($"{path}.actions", $"a stage holds at most {MaxActionsPerStage} actions; this one holds {stage.Actions.Count}");
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < stage.Actions.Count; a++)
        {
            var name = stage.Actions[a].Name;
            var namePath = $"{path}.actions[{a}].name";
            problems.AddIf(namePath, NameRules.Entity("action name", name));
            if (!names.TryAdd(name, a))
                problems.Add(namePath, $"action '{name}' is declared twice in this stage (first at {path}.actions[{names[name]}])");
        }
    }
}
