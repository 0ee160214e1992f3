namespace BuildFarm.Core.Triggers.Webhooks;

/// <summary>GitLab's push, tag push and merge request hooks (the event name is the X-Gitlab-Event header).</summary>
public static class GitLabPayloads
{
    public static WebhookEvent Parse(string eventName, ReadOnlyMemory<byte> body)
    {
        using var document = JsonFields.Parse(body);
        var root = document.RootElement;
        var urls = root.Urls("project", "git_http_url", "git_ssh_url", "http_url", "ssh_url", "web_url")
            .Concat(root.Urls("repository", "git_http_url", "git_ssh_url", "url", "homepage")).Distinct().ToList();
        return eventName switch
        {
            "Push Hook" or "Tag Push Hook" => Push(root, urls),
            "Merge Request Hook" => MergeRequest(root, urls),
            _ => WebhookEvent.Ignore($"event '{eventName}' starts nothing (Push Hook, Tag Push Hook and Merge Request Hook do)", urls),
        };
    }

    private static WebhookEvent Push(System.Text.Json.JsonElement root, IReadOnlyList<string> urls)
    {
        var reference = root.Text("ref") ?? throw new WebhookPayloadException("the push payload has no 'ref'");
        var kind = reference.StartsWith(GitRefs.TagsPrefix, StringComparison.Ordinal) ? ChangeKind.TagPush : ChangeKind.BranchPush;
        var listed = root.Items("commits").Count();
        var total = int.TryParse(root.Text("total_commits_count"), out var count) ? count : listed;
        var before = GitRefs.CommitOrNull(root.Text("before"));
        return new WebhookEvent
        {
            RepositoryUrls = urls,
            Change = new RepositoryChange
            {
                RepositoryUrl = urls.FirstOrDefault() ?? "",
                Kind = kind,
                Ref = reference,
                Before = before,
                After = GitRefs.CommitOrNull(root.Text("after")),
                Actor = root.Text("user_username") ?? root.Text("user_name"),
                Via = "gitlab webhook",
            },
            PayloadFiles = root.CommitFiles(),
            PayloadFilesComplete = before is not null && listed == total,
        };
    }

    private static WebhookEvent MergeRequest(System.Text.Json.JsonElement root, IReadOnlyList<string> urls)
    {
        var action = root.Text("object_attributes", "action");
        var pullRequestEvent = action switch
        {
            "open" or "reopen" => Definitions.PullRequestEvents.Open,
            "update" => Definitions.PullRequestEvents.Updated,
            "close" or "merge" => Definitions.PullRequestEvents.Closed,
            _ => null,
        };
        if (pullRequestEvent is null) return WebhookEvent.Ignore($"merge request action '{action}' starts nothing (open, reopen, update, close and merge do)", urls);
        var number = root.Text("object_attributes", "iid") ?? throw new WebhookPayloadException("the merge request payload has no 'object_attributes.iid'");
        var head = root.Text("object_attributes", "last_commit", "id") ?? throw new WebhookPayloadException("the merge request payload has no 'object_attributes.last_commit.id'");
        return WebhookEvent.PullRequestOf(urls, new PullRequestInfo
        {
            Number = number,
            Event = pullRequestEvent,
            SourceBranch = root.Text("object_attributes", "source_branch") ?? "",
            TargetBranch = root.Text("object_attributes", "target_branch") ?? throw new WebhookPayloadException("the merge request payload has no 'object_attributes.target_branch'"),
            HeadRef = $"refs/merge-requests/{number}/head",
            Title = root.Text("object_attributes", "title"),
        }, head, root.Text("user", "username"), "gitlab webhook");
    }
}
