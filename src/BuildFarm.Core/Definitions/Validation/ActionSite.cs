namespace BuildFarm.Core.Definitions.Validation;

/// <summary>An action with its place in the pipeline, which decides what runs before it.</summary>
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
        : Action.RunOrder == consumer.Action.RunOrder ? $"both have runOrder {Action.RunOrder} in the same stage, so they run in parallel"
        : $"it has runOrder {Action.RunOrder}, after this action's {consumer.Action.RunOrder}";
}
