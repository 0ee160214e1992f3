namespace BuildFarm.Core.Executions;

/// <summary>What started an execution (CodePipeline's <c>trigger{triggerType, triggerDetail}</c>, in the farm's own kinds).</summary>
public enum TriggerType { Manual, Push, Tag, PullRequest, Schedule, Upstream }

/// <summary>
/// The structured record of what started an execution: its kind, a one-line detail (who, which change, how it was
/// learnt of), the trigger of the declaration that matched (<c>triggers[0]</c>), and the revision it was started for.
/// </summary>
public sealed record ExecutionTrigger
{
    public required TriggerType Type { get; init; }
    public required string Detail { get; init; }
    public string? Source { get; init; }
    public string? Revision { get; init; }
}

/// <summary>
/// The revision one source action must run (CodePipeline's <c>sourceRevisions</c>): its id (a commit, or an upstream
/// execution), a summary for people, and the configuration keys the action's job gets on top of its declared ones
/// (<c>Commit</c>, <c>Branch</c>, ...).
/// </summary>
public sealed record SourceRevision
{
    public required string RevisionId { get; init; }
    public string? Summary { get; init; }
    public Dictionary<string, string> Configuration { get; init; } = [];
}
