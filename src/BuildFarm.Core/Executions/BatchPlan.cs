namespace BuildFarm.Core.Executions;

/// <summary>
/// The builds a batch runs, as the job that read the buildspec planned them. Each becomes a job of its own, on any agent
/// that matches the action's labels.
/// </summary>
public sealed record BatchPlan
{
    /// <summary>build-list, build-graph, build-matrix or build-fanout.</summary>
    public required string Kind { get; init; }
    /// <summary>Stop the other builds once one that may not fail has failed (CodeBuild's default: false).</summary>
    public bool FastFail { get; init; }
    public required IReadOnlyList<BatchChildPlan> Children { get; init; }
}

/// <summary>One build of a batch: what it runs differently from the others.</summary>
public sealed record BatchChildPlan
{
    public required string Identifier { get; init; }
    /// <summary>Variables over the buildspec's and the action's (build-list env, matrix values).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    /// <summary>Another buildspec (a path in the primary source, or inline YAML); null for the action's own.</summary>
    public string? Buildspec { get; init; }
    /// <summary>Builds that must succeed before this one starts (build-graph).</summary>
    public IReadOnlyList<string> DependOn { get; init; } = [];
    public bool IgnoreFailure { get; init; }
    /// <summary>build-fanout: this build's shard (1-based) and how many there are; 0 for other batches.</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; }
}
