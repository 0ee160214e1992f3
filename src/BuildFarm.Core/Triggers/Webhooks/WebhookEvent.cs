namespace BuildFarm.Core.Triggers.Webhooks;

/// <summary>
/// What a webhook delivery says: the change (null when the event starts nothing, with the reason in
/// <see cref="Ignored"/>), every URL the payload gives for the repository, and the files the payload itself lists
/// (<see cref="PayloadFilesComplete"/> false when the payload cut its commit list short).
/// </summary>
public sealed record WebhookEvent
{
    public RepositoryChange? Change { get; init; }
    public IReadOnlyList<string> RepositoryUrls { get; init; } = [];
    public string? Ignored { get; init; }
    public IReadOnlyList<string> PayloadFiles { get; init; } = [];
    public bool PayloadFilesComplete { get; init; }

    public static WebhookEvent Ignore(string reason, IReadOnlyList<string>? urls = null) => new() { Ignored = reason, RepositoryUrls = urls ?? [] };

    /// <summary>A pull request's change: its head commit under the ref the host keeps it at.</summary>
    public static WebhookEvent PullRequestOf(IReadOnlyList<string> urls, PullRequestInfo pullRequest, string head, string? actor, string via) => new()
    {
        RepositoryUrls = urls,
        Change = new RepositoryChange
        {
            RepositoryUrl = urls.FirstOrDefault() ?? "",
            Kind = ChangeKind.PullRequest,
            Ref = pullRequest.HeadRef ?? "",
            After = GitRefs.CommitOrNull(head) ?? throw new WebhookPayloadException($"'{head}' is not a commit id"),
            Actor = actor,
            Via = via,
            PullRequest = pullRequest,
        },
    };
}

/// <summary>A payload that cannot be read: the endpoint answers 400 with this message.</summary>
public sealed class WebhookPayloadException(string message) : Exception(message);
