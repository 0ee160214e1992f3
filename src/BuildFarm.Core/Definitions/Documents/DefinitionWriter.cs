namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Writes a declaration through a document sink. Readable form: defaults and empty fields left out, artifacts
/// in their shorthand where they can be. Canonical form: every field written with its effective value,
/// configuration keys sorted ordinally, artifacts always as objects, so equal declarations write equal text.
/// </summary>
internal sealed partial class DefinitionWriter(IDocumentWriter output, bool canonical)
{
    public void Pipeline(PipelineDefinition definition)
    {
        output.BeginMap();
        Field(FieldNames.Name, definition.Name);
        Field(FieldNames.ExecutionMode, ExecutionModes.NameOf(definition.ExecutionMode));
        List(FieldNames.Variables, definition.Variables, Variable);
        List(FieldNames.Stages, definition.Stages, Stage);
        List(FieldNames.Triggers, definition.Triggers, Trigger);
        output.EndMap();
    }

    private void Variable(VariableDeclaration variable)
    {
        output.BeginMap();
        Field(FieldNames.Name, variable.Name);
        Field(FieldNames.DefaultValue, variable.DefaultValue);
        Field(FieldNames.Description, variable.Description);
        output.EndMap();
    }

    private void Stage(StageDefinition stage)
    {
        output.BeginMap();
        Field(FieldNames.Name, stage.Name);
        List(FieldNames.Actions, stage.Actions, Action);
        Conditions(stage);
        output.EndMap();
    }

    private void Action(ActionDefinition action)
    {
        output.BeginMap();
        Field(FieldNames.Name, action.Name);
        Field(FieldNames.Category, action.Category);
        Field(FieldNames.Provider, action.Provider);
        output.Key(FieldNames.RunOrder);
        output.Integer(action.RunOrder);
        Field(FieldNames.Namespace, action.Namespace);
        Configuration(action.Configuration);
        List(FieldNames.Commands, action.Commands, output.String);
        List(FieldNames.InputArtifacts, action.InputArtifacts, output.String);
        List(FieldNames.OutputArtifacts, action.OutputArtifacts, OutputArtifact);
        List(FieldNames.OutputVariables, action.OutputVariables, output.String);
        Timeout(action.TimeoutMinutes, action.DefaultTimeout);
        Retry(action.Retry);
        // Written only when set, in both forms: declarations from before labels and cache existed compare as they did.
        if (action.Labels.Count > 0) Labels(action.Labels);
        if (action.Cache is { } cache)
        {
            output.Key(FieldNames.Cache);
            output.Boolean(cache);
        }
        output.EndMap();
    }

    private void Configuration(IReadOnlyDictionary<string, string> configuration) => Configuration(FieldNames.Configuration, configuration);

    private void Configuration(string name, IReadOnlyDictionary<string, string> configuration)
    {
        if (configuration.Count == 0 && !canonical) return;
        output.Key(name);
        output.BeginMap();
        var keys = canonical ? configuration.Keys.Order(StringComparer.Ordinal) : configuration.Keys;
        foreach (var key in keys) Field(key, configuration[key]);
        output.EndMap();
    }

    private void Labels(IReadOnlyDictionary<string, string> labels)
    {
        output.Key(FieldNames.Labels);
        output.BeginMap();
        foreach (var key in labels.Keys.Order(StringComparer.Ordinal)) Field(key, labels[key]);
        output.EndMap();
    }

    private void OutputArtifact(OutputArtifactDefinition artifact)
    {
        if (artifact.Files.Count == 0 && !canonical)
        {
            output.String(artifact.Name);
            return;
        }
        output.BeginMap();
        Field(FieldNames.Name, artifact.Name);
        List(FieldNames.Files, artifact.Files, output.String);
        output.EndMap();
    }

    /// <summary>A declared timeout; in canonical form the default when none is declared.</summary>
    private void Timeout(int? declared, int defaultMinutes)
    {
        if ((canonical ? declared ?? defaultMinutes : declared) is not { } minutes) return;
        output.Key(FieldNames.TimeoutInMinutes);
        output.Integer(minutes);
    }

    private void Field(string name, string? value)
    {
        if (value is null && !canonical) return;
        output.Key(name);
        output.String(value);
    }

    private void List<T>(string name, IReadOnlyList<T> items, Action<T> item)
    {
        if (items.Count == 0 && !canonical) return;
        output.Key(name);
        output.BeginList();
        foreach (var i in items) item(i);
        output.EndList();
    }
}
