namespace BuildFarm.Core.Definitions.Documents;

/// <summary>Stage conditions (beforeEntry, onSuccess, onFailure) with their rules, and action retry rules.</summary>
internal sealed partial class DefinitionBinder
{
    private T? Optional<T>(FieldReader fields, string field, Func<DocumentNode, string, T?> bind) where T : class =>
        fields.Optional(field) is { } node ? bind(node, BindingContext.Join(fields.Path, field)) : null;

    private StageConditions? Gate(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfStageConditions) is not { } fields) return null;
        return new StageConditions { Conditions = fields.List(FieldNames.Conditions, Condition, required: true) };
    }

    private FailureConditions? Failure(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfFailureConditions) is not { } fields) return null;
        var result = fields.OptionalString(FieldNames.Result);
        var retryMode = Optional(fields, FieldNames.RetryConfiguration, (n, p) =>
            _context.Fields(n, p, FieldNames.OfRetryConfiguration)?.OptionalString(FieldNames.RetryMode));
        var conditions = fields.List(FieldNames.Conditions, Condition);
        return new FailureConditions { Result = result, RetryMode = retryMode, Conditions = conditions };
    }

    private ConditionDefinition? Condition(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfCondition) is not { } fields) return null;
        var result = fields.OptionalString(FieldNames.Result);
        var rules = fields.List(FieldNames.Rules, Rule, required: true);
        return new ConditionDefinition { Result = result, Rules = rules };
    }

    private RuleDefinition? Rule(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfRule) is not { } fields) return null;
        var name = fields.RequiredString(FieldNames.Name);
        var provider = fields.RequiredString(FieldNames.Provider);
        var configuration = fields.TextMap(FieldNames.Configuration);
        var commands = fields.TextList(FieldNames.Commands);
        var inputs = fields.List(FieldNames.InputArtifacts, InputArtifact);
        var timeout = fields.OptionalInteger(FieldNames.TimeoutInMinutes);
        if (name is null || provider is null) return null;
        return new RuleDefinition
        {
            Name = name, Provider = provider, Configuration = configuration, Commands = commands, InputArtifacts = inputs, TimeoutMinutes = timeout,
        };
    }

    private ActionRetryRule? Retry(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfRetry) is not { } fields) return null;
        var maxAttempts = fields.OptionalInteger(FieldNames.MaxAttempts);
        var exitCodes = IntegerList(fields, FieldNames.OnExitCodes);
        var onInfrastructure = fields.Optional(FieldNames.OnInfrastructureFailure) is { } flag
            ? _context.Boolean(flag, BindingContext.Join(path, FieldNames.OnInfrastructureFailure))
            : null;
        return new ActionRetryRule
        {
            MaxAttempts = maxAttempts ?? ActionRetryRule.DefaultMaxAttempts,
            OnExitCodes = exitCodes,
            OnInfrastructureFailure = onInfrastructure ?? true,
        };
    }

    private List<int> IntegerList(FieldReader fields, string field)
    {
        var boxed = fields.List(field, (n, p) => _context.Integer(n, p) is { } value ? (object)value : null);
        return boxed.Cast<int>().ToList();
    }
}
