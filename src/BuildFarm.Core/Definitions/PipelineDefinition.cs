using System.Text.Json.Serialization;

namespace BuildFarm.Core.Definitions;

/// <summary>A pipeline declaration: ordered stages of actions, variables, and how executions share stages.</summary>
public sealed record PipelineDefinition
{
    public required string Name { get; init; }
    public ExecutionMode ExecutionMode { get; init; } = ExecutionMode.Superseded;
    public IReadOnlyList<VariableDeclaration> Variables { get; init; } = [];
    public IReadOnlyList<StageDefinition> Stages { get; init; } = [];
    public IReadOnlyList<TriggerDefinition> Triggers { get; init; } = [];

    public IEnumerable<(int StageIndex, int ActionIndex, ActionDefinition Action)> AllActions()
    {
        for (var s = 0; s < Stages.Count; s++)
            for (var a = 0; a < Stages[s].Actions.Count; a++)
                yield return (s, a, Stages[s].Actions[a]);
    }

    /// <summary>Structural equality (records compare lists by reference, declarations must compare by content).</summary>
    public bool SameAs(PipelineDefinition other) =>
        DefinitionCodec.ToCanonicalJson(this) == DefinitionCodec.ToCanonicalJson(other);
}

public enum ExecutionMode
{
    /// <summary>A stage holds one execution; a newer waiting execution replaces an older waiting one.</summary>
    Superseded,
    /// <summary>Executions pass each stage one at a time, in the order they arrived.</summary>
    Queued,
    /// <summary>Executions do not wait for each other.</summary>
    Parallel,
}

public sealed record VariableDeclaration
{
    public required string Name { get; init; }
    public string? DefaultValue { get; init; }
    public string? Description { get; init; }
}

public sealed record StageDefinition
{
    public required string Name { get; init; }
    public IReadOnlyList<ActionDefinition> Actions { get; init; } = [];
    public StageConditions? BeforeEntry { get; init; }
    public StageConditions? OnSuccess { get; init; }
    public FailureConditions? OnFailure { get; init; }
}

public sealed record ActionDefinition
{
    public const int DefaultTimeoutMinutes = 60;

    public required string Name { get; init; }
    public required string Category { get; init; }
    public required string Provider { get; init; }
    public int RunOrder { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Commands { get; init; } = [];
    public IReadOnlyList<string> InputArtifacts { get; init; } = [];
    public IReadOnlyList<OutputArtifactDefinition> OutputArtifacts { get; init; } = [];
    public string? Namespace { get; init; }
    public int? TimeoutMinutes { get; init; }
    public IReadOnlyList<string> OutputVariables { get; init; } = [];
    public ActionRetryRule? Retry { get; init; }
    /// <summary>Labels an agent must have to run this action's jobs (see <see cref="AgentLabels"/>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Whether the action result cache may serve this action; null means the default (<see cref="ActionCaching"/>).</summary>
    public bool? Cache { get; init; }

    /// <summary>The timeout when none is declared: 7 days for a manual approval (CodePipeline's), 1 hour for the rest.</summary>
    [JsonIgnore]
    public int DefaultTimeout => Provider == ProviderCatalog.Manual.Name ? ProviderCatalog.ManualApprovalDefaultTimeoutMinutes : DefaultTimeoutMinutes;

    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromMinutes(TimeoutMinutes ?? DefaultTimeout);

    [JsonIgnore]
    public bool IsApproval => Provider == ProviderCatalog.Manual.Name;
}

public sealed record OutputArtifactDefinition
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
}
