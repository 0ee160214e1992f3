namespace BuildFarm.Core.Definitions.Documents;

/// <summary>Binds a document tree (from YAML or JSON alike) to a <see cref="PipelineDefinition"/>.</summary>
internal sealed partial class DefinitionBinder
{
    private readonly BindingContext _context = new();

    public static DefinitionParseResult Bind(DocumentNode root)
    {
        var binder = new DefinitionBinder();
        var definition = binder.Pipeline(root);
        return new DefinitionParseResult(binder._context.Broken ? null : definition, binder._context.Problems);
    }

    private PipelineDefinition? Pipeline(DocumentNode node)
    {
        if (_context.Fields(node, "", FieldNames.OfPipeline) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var mode = ExecutionModeOf(fields);
        var variables = fields.List(FieldNames.Variables, Variable);
        var stages = fields.List(FieldNames.Stages, Stage, required: true);
        var triggers = fields.List(FieldNames.Triggers, Trigger);
        return name is null ? null : new PipelineDefinition { Name = name, ExecutionMode = mode, Variables = variables, Stages = stages, Triggers = triggers };
    }

    private ExecutionMode ExecutionModeOf(FieldReader fields)
    {
        if (fields.Optional(FieldNames.ExecutionMode) is not { } node) return ExecutionMode.Superseded;
        var path = BindingContext.Join(fields.Path, FieldNames.ExecutionMode);
        var text = _context.String(node, path);
        if (text is null) return ExecutionMode.Superseded;
        if (ExecutionModes.TryParse(text, out var mode)) return mode;
        _context.Report(path, node.Mark, $"unknown execution mode '{text}'; use one of {string.Join(", ", ExecutionModes.Names)}");
        return ExecutionMode.Superseded;
    }

    private VariableDeclaration? Variable(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfVariable) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var defaultValue = fields.OptionalText(FieldNames.DefaultValue);
        var description = fields.OptionalText(FieldNames.Description);
        return name is null ? null : new VariableDeclaration { Name = name, DefaultValue = defaultValue, Description = description };
    }

    private StageDefinition? Stage(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfStage) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var actions = fields.List(FieldNames.Actions, Action, required: true);
        var beforeEntry = Optional(fields, FieldNames.BeforeEntry, Gate);
        var onSuccess = Optional(fields, FieldNames.OnSuccess, Gate);
        var onFailure = Optional(fields, FieldNames.OnFailure, Failure);
        return name is null ? null : new StageDefinition
        {
            Name = name, Actions = actions, BeforeEntry = beforeEntry, OnSuccess = onSuccess, OnFailure = onFailure,
        };
    }

    private ActionDefinition? Action(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfAction) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var category = fields.RequiredString(FieldNames.Category);
        var provider = fields.RequiredString(FieldNames.Provider);
        var runOrder = fields.OptionalInteger(FieldNames.RunOrder);
        var configuration = fields.TextMap(FieldNames.Configuration);
        var commands = fields.TextList(FieldNames.Commands);
        var inputs = fields.List(FieldNames.InputArtifacts, InputArtifact);
        var outputs = fields.List(FieldNames.OutputArtifacts, OutputArtifact);
        var ns = fields.OptionalString(FieldNames.Namespace);
        var timeout = fields.OptionalInteger(FieldNames.TimeoutInMinutes);
        var outputVariables = fields.StringList(FieldNames.OutputVariables);
        var retry = Optional(fields, FieldNames.Retry, Retry);
        var labels = fields.TextMap(FieldNames.Labels);
        var cache = fields.OptionalBoolean(FieldNames.Cache);
        if (name is null || category is null || provider is null) return null;
        return new ActionDefinition
        {
            Name = name,
            Category = category,
            Provider = provider,
            RunOrder = runOrder ?? 1,
            Configuration = configuration,
            Commands = commands,
            InputArtifacts = inputs,
            OutputArtifacts = outputs,
            Namespace = ns,
            TimeoutMinutes = timeout,
            OutputVariables = outputVariables,
            Retry = retry,
            Labels = labels,
            Cache = cache,
        };
    }

    /// <summary>An input artifact: its name, or CodePipeline's <c>{name: x}</c>.</summary>
    private string? InputArtifact(DocumentNode node, string path)
    {
        if (node is ScalarNode) return _context.String(node, path);
        if (node is not MapNode)
        {
            _context.WrongType(path, node, "an artifact name or {name: ...}");
            return null;
        }
        return _context.Fields(node, path, FieldNames.OfInputArtifact)?.RequiredString(FieldNames.Name);
    }

    /// <summary>An output artifact: its name, or <c>{name: x, files: [globs]}</c>.</summary>
    private OutputArtifactDefinition? OutputArtifact(DocumentNode node, string path)
    {
        if (node is ScalarNode) return _context.String(node, path) is { } shorthand ? new OutputArtifactDefinition { Name = shorthand } : null;
        if (node is not MapNode)
        {
            _context.WrongType(path, node, "an artifact name or {name: ..., files: [...]}");
            return null;
        }
        if (_context.Fields(node, path, FieldNames.OfOutputArtifact) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var files = fields.TextList(FieldNames.Files);
        return name is null ? null : new OutputArtifactDefinition { Name = name, Files = files };
    }
}
