namespace BuildFarm.Core.Definitions.Validation;

/// <summary>
/// An action with its place in the pipeline, which decides what runs before it. A condition rule is placed as a
/// pseudo-action with index -1: runOrder 0 for beforeEntry (before every action of its stage), 1000 for onSuccess
/// and onFailure (after them).
/// </summary>
internal sealed record ActionSite(int Stage, int Index, ActionDefinition Action)
{
    public string Path => $"stages[{Stage}].actions[{Index}]";

    public string Field(string field) => $"{Path}.{field}";

    /// <summary>An earlier stage, or the same stage with a lower runOrder: only then are its outputs there when <paramref name="other"/> starts.</summary>
    public bool RunsBefore(ActionSite other) =>
        Stage < other.Stage || (Stage == other.Stage && Action.RunOrder < other.Action.RunOrder);

    /// <summary>Why this action, which does not run before <paramref name="consumer"/>, does not.</summary>
    public string WhyNotBefore(ActionSite consumer) =>
        Stage > consumer.Stage ? "it is in a later stage"
        : consumer.Index < 0 ? "it is in this stage, whose beforeEntry rules are checked before its actions run"
        : Action.RunOrder == consumer.Action.RunOrder ? $"both have runOrder {Action.RunOrder} in the same stage, so they run in parallel"
        : $"it has runOrder {Action.RunOrder}, after this action's {consumer.Action.RunOrder}";
}

internal static class RuleSites
{
    public static ActionSite For(int stage, ConditionKind kind, RuleDefinition rule) => new(stage, -1, new ActionDefinition
    {
        Name = rule.Name,
        Category = "Rule",
        Provider = rule.Provider,
        RunOrder = kind == ConditionKind.BeforeEntry ? 0 : 1000,
        Configuration = rule.Configuration,
        Commands = rule.Commands,
        InputArtifacts = rule.InputArtifacts,
    });
}
