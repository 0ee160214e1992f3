namespace BuildFarm.Core.Definitions;

/// <summary>CodePipeline V2's <c>gitConfiguration</c>: which source action's repository to watch, and the push and pull-request filters.</summary>
public sealed record GitTriggerConfiguration
{
    public required string SourceActionName { get; init; }
    public IReadOnlyList<GitPushFilter> Push { get; init; } = [];
    public IReadOnlyList<GitPullRequestFilter> PullRequest { get; init; } = [];
}

/// <summary>A push matches when its branch (or tag) and, for branches, one of its changed files pass. Branches and tags exclude each other.</summary>
public sealed record GitPushFilter
{
    public GitFilter? Branches { get; init; }
    public GitFilter? Tags { get; init; }
    public GitFilter? FilePaths { get; init; }
}

/// <summary>A pull request matches on its event, its target branch and the files it changes.</summary>
public sealed record GitPullRequestFilter
{
    /// <summary>OPEN, UPDATED, CLOSED; empty means all three.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];
    public GitFilter? Branches { get; init; }
    public GitFilter? FilePaths { get; init; }
}

/// <summary>Glob includes and excludes; a name passes when no exclude matches and (without includes) always, else when an include matches.</summary>
public sealed record GitFilter
{
    public IReadOnlyList<string> Includes { get; init; } = [];
    public IReadOnlyList<string> Excludes { get; init; } = [];
}

public static class PullRequestEvents
{
    public const string Open = "OPEN";
    public const string Updated = "UPDATED";
    public const string Closed = "CLOSED";

    public static readonly IReadOnlyList<string> All = [Open, Updated, Closed];
}
