namespace BuildFarm.Core.Triggers;

public enum ChangeKind { BranchPush, TagPush, PullRequest }

/// <summary>A pull request as a webhook describes it.</summary>
public sealed record PullRequestInfo
{
    public required string Number { get; init; }
    /// <summary>OPEN, UPDATED or CLOSED.</summary>
    public required string Event { get; init; }
    public required string SourceBranch { get; init; }
    public required string TargetBranch { get; init; }
    /// <summary>The ref the server keeps the head under (<c>refs/pull/7/head</c>, <c>refs/merge-requests/7/head</c>).</summary>
    public string? HeadRef { get; init; }
    public string? Title { get; init; }
}

/// <summary>
/// One change of one ref of one repository, from a poll or a webhook: what the trigger filters look at. Changed
/// files are the full diff between <see cref="Before"/> and <see cref="After"/> (never cut off), when known.
/// </summary>
public sealed record RepositoryChange
{
    public required string RepositoryUrl { get; init; }
    public required ChangeKind Kind { get; init; }
    /// <summary>The full ref name (<c>refs/heads/main</c>, <c>refs/tags/v1</c>, or the pull request's head ref).</summary>
    public required string Ref { get; init; }
    /// <summary>The commit before the push; null for a new ref.</summary>
    public string? Before { get; init; }
    /// <summary>The commit to run; null when the ref was deleted.</summary>
    public string? After { get; init; }
    public IReadOnlyList<string>? ChangedFiles { get; init; }
    public PullRequestInfo? PullRequest { get; init; }
    public string? Actor { get; init; }
    /// <summary>How the farm learnt of it: <c>poll</c>, <c>github webhook</c>, <c>gitlab webhook</c>.</summary>
    public required string Via { get; init; }

    /// <summary>The branch or tag name without its <c>refs/heads/</c> or <c>refs/tags/</c> prefix.</summary>
    public string Name => GitRefs.ShortName(Ref);

    public bool Deleted => After is null;

    /// <summary>The branch the execution runs: the pushed branch, or the pull request's source branch.</summary>
    public string? Branch => Kind switch
    {
        ChangeKind.BranchPush => Name,
        ChangeKind.PullRequest => PullRequest?.SourceBranch,
        _ => null,
    };

    /// <summary>Tells apart two deliveries of the same change (a poll and a webhook, or a redelivered webhook).</summary>
    public string Key => $"{Kind}|{Ref}|{After}|{PullRequest?.Event}";
}
