namespace BuildFarm.Core.Triggers.Webhooks;

/// <summary>GitHub's <c>push</c> and <c>pull_request</c> webhook payloads (the event name is the X-GitHub-Event header).</summary>
public static class GitHubPayloads
{
    /// <summary>GitHub lists at most this many commits in a push payload; a push with more may miss files.</summary>
    public const int MaxListedCommits = 20;

    public static WebhookEvent Parse(string eventName, ReadOnlyMemory<byte> body)
    {
        using var document = JsonFields.Parse(body);
        var root = document.RootElement;
        var urls = root.Urls("repository", "clone_url", "git_url", "ssh_url", "html_url", "url");
        return eventName switch
        {
            "push" => Push(root, urls),
            "pull_request" => PullRequest(root, urls),
            "ping" => WebhookEvent.Ignore("ping", urls),
            _ => WebhookEvent.Ignore($"event '{eventName}' starts nothing (push and pull_request do)", urls),
        };
    }

    private static WebhookEvent Push(System.Text.Json.JsonElement root, IReadOnlyList<string> urls)
    {
        var reference = root.Text("ref") ?? throw new WebhookPayloadException("the push payload has no 'ref'");
        var kind = reference.StartsWith(GitRefs.TagsPrefix, StringComparison.Ordinal) ? ChangeKind.TagPush
            : reference.StartsWith(GitRefs.Heads, StringComparison.Ordinal) ? ChangeKind.BranchPush
            : (ChangeKind?)null;
        if (kind is null) return WebhookEvent.Ignore($"ref '{reference}' is neither a branch nor a tag", urls);
        var commits = root.Items("commits").Count();
        return new WebhookEvent
        {
            RepositoryUrls = urls,
            Change = new RepositoryChange
            {
                RepositoryUrl = urls.FirstOrDefault() ?? "",
                Kind = kind.Value,
                Ref = reference,
                Before = GitRefs.CommitOrNull(root.Text("before")),
                After = root.Flag("deleted") ? null : GitRefs.CommitOrNull(root.Text("after")),
                Actor = root.Text("pusher", "name") ?? root.Text("sender", "login"),
                Via = "github webhook",
            },
            PayloadFiles = root.CommitFiles(),
            PayloadFilesComplete = commits < MaxListedCommits && !root.Flag("created") && !root.Flag("forced"),
        };
    }

    private static WebhookEvent PullRequest(System.Text.Json.JsonElement root, IReadOnlyList<string> urls)
    {
        var action = root.Text("action");
        var pullRequestEvent = action switch
        {
            "opened" or "reopened" => Definitions.PullRequestEvents.Open,
            "synchronize" => Definitions.PullRequestEvents.Updated,
            "closed" => Definitions.PullRequestEvents.Closed,
            _ => null,
        };
        if (pullRequestEvent is null) return WebhookEvent.Ignore($"pull_request action '{action}' starts nothing (opened, reopened, synchronize and closed do)", urls);
        var number = root.Text("number") ?? root.Text("pull_request", "number") ?? throw new WebhookPayloadException("the pull_request payload has no 'number'");
        var head = root.Text("pull_request", "head", "sha") ?? throw new WebhookPayloadException("the pull_request payload has no 'pull_request.head.sha'");
        return WebhookEvent.PullRequestOf(urls, new PullRequestInfo
        {
            Number = number,
            Event = pullRequestEvent,
            SourceBranch = root.Text("pull_request", "head", "ref") ?? "",
            TargetBranch = root.Text("pull_request", "base", "ref") ?? throw new WebhookPayloadException("the pull_request payload has no 'pull_request.base.ref'"),
            HeadRef = $"refs/pull/{number}/head",
            Title = root.Text("pull_request", "title"),
        }, head, root.Text("sender", "login"), "github webhook");
    }
}
