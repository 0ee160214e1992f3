using System.Text;
using BuildFarm.Core.Triggers;
using BuildFarm.Core.Triggers.Webhooks;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class WebhookPayloadTests
{
    private const string Before = "1111111111111111111111111111111111111111";
    private const string After = "2222222222222222222222222222222222222222";

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_github_push_gives_branch_commits_files_and_every_repository_url()
    {
        var parsed = GitHubPayloads.Parse("push", Json($$"""
            {"ref":"refs/heads/main","before":"{{Before}}","after":"{{After}}","created":false,"deleted":false,"forced":false,
             "repository":{"clone_url":"https://github.com/o/r.git","ssh_url":"git@github.com:o/r.git","html_url":"https://github.com/o/r"},
             "pusher":{"name":"alice"},
             "commits":[{"added":["a.txt"],"modified":["src/b.c"],"removed":[]},{"added":[],"modified":["src/b.c"],"removed":["old.txt"]}]}
            """));
        var change = parsed.Change!;
        Assert.Equal((ChangeKind.BranchPush, "main", Before, After, "alice", "github webhook"),
            (change.Kind, change.Name, change.Before, change.After, change.Actor, change.Via));
        Assert.Equal(["https://github.com/o/r.git", "git@github.com:o/r.git", "https://github.com/o/r"], parsed.RepositoryUrls);
        Assert.Equal(["a.txt", "old.txt", "src/b.c"], parsed.PayloadFiles);
        Assert.True(parsed.PayloadFilesComplete);
    }

    [Fact]
    public void A_github_push_of_twenty_commits_or_a_new_branch_has_an_incomplete_file_list()
    {
        var commits = string.Join(",", Enumerable.Repeat("""{"added":["x"]}""", 20));
        Assert.False(GitHubPayloads.Parse("push", Json($$$"""{"ref":"refs/heads/main","before":"{{{Before}}}","after":"{{{After}}}","commits":[{{{commits}}}]}""")).PayloadFilesComplete);
        var created = GitHubPayloads.Parse("push", Json($$$"""{"ref":"refs/heads/new","before":"{{GitRefs.ZeroCommit}}","after":"{{{After}}}","created":true}"""));
        Assert.Null(created.Change!.Before);
        Assert.False(created.PayloadFilesComplete);
    }

    [Fact]
    public void A_github_tag_push_and_a_deleted_branch()
    {
        var tag = GitHubPayloads.Parse("push", Json($$$"""{"ref":"refs/tags/v2.0","before":"{{GitRefs.ZeroCommit}}","after":"{{{After}}}"}""")).Change!;
        Assert.Equal((ChangeKind.TagPush, "v2.0"), (tag.Kind, tag.Name));
        var deleted = GitHubPayloads.Parse("push", Json($$$"""{"ref":"refs/heads/gone","before":"{{{Before}}}","after":"{{GitRefs.ZeroCommit}}","deleted":true}""")).Change!;
        Assert.True(deleted.Deleted);
    }

    [Theory]
    [InlineData("opened", "OPEN")]
    [InlineData("reopened", "OPEN")]
    [InlineData("synchronize", "UPDATED")]
    [InlineData("closed", "CLOSED")]
    public void Github_pull_request_actions_map_to_codepipeline_events(string action, string expected)
    {
        var change = GitHubPayloads.Parse("pull_request", Json($$$"""
            {"action":"{{{action}}}","number":7,"pull_request":{"number":7,"title":"Login","head":{"ref":"feature/login","sha":"{{{After}}}"},
             "base":{"ref":"main","sha":"{{{Before}}}"}},"repository":{"clone_url":"https://github.com/o/r.git"},"sender":{"login":"bob"}}
            """)).Change!;
        Assert.Equal((ChangeKind.PullRequest, After, "refs/pull/7/head"), (change.Kind, change.After, change.Ref));
        Assert.Equal(new PullRequestInfo { Number = "7", Event = expected, SourceBranch = "feature/login", TargetBranch = "main", HeadRef = "refs/pull/7/head", Title = "Login" },
            change.PullRequest);
        Assert.Equal("feature/login", change.Branch);
    }

    [Fact]
    public void Github_events_that_start_nothing_say_so()
    {
        Assert.Equal("ping", GitHubPayloads.Parse("ping", Json("""{"zen":"x"}""")).Ignored);
        Assert.Equal("pull_request action 'labeled' starts nothing (opened, reopened, synchronize and closed do)",
            GitHubPayloads.Parse("pull_request", Json("""{"action":"labeled"}""")).Ignored);
        Assert.Equal("event 'issues' starts nothing (push and pull_request do)", GitHubPayloads.Parse("issues", Json("{}")).Ignored);
        Assert.Equal("the payload is not a JSON object", Assert.Throws<WebhookPayloadException>(() => GitHubPayloads.Parse("push", Json("[]"))).Message);
        Assert.StartsWith("the payload is not valid JSON", Assert.Throws<WebhookPayloadException>(() => GitHubPayloads.Parse("push", Json("{"))).Message);
    }

    [Fact]
    public void A_gitlab_push_knows_when_its_commit_list_was_cut()
    {
        var parsed = GitLabPayloads.Parse("Push Hook", Json($$"""
            {"object_kind":"push","ref":"refs/heads/main","before":"{{Before}}","after":"{{After}}","user_username":"carol","total_commits_count":25,
             "project":{"git_http_url":"http://gitlab.local/o/r.git","git_ssh_url":"git@gitlab.local:o/r.git"},
             "commits":[{"added":["a"],"modified":[],"removed":[]}]}
            """));
        Assert.Equal((ChangeKind.BranchPush, "main", "carol", "gitlab webhook"), (parsed.Change!.Kind, parsed.Change.Name, parsed.Change.Actor, parsed.Change.Via));
        Assert.Equal(["http://gitlab.local/o/r.git", "git@gitlab.local:o/r.git"], parsed.RepositoryUrls);
        Assert.False(parsed.PayloadFilesComplete);
    }

    [Fact]
    public void A_gitlab_merge_request_and_tag_push()
    {
        var mr = GitLabPayloads.Parse("Merge Request Hook", Json($$$"""
            {"object_kind":"merge_request","user":{"username":"dan"},"project":{"git_http_url":"http://gitlab.local/o/r.git"},
             "object_attributes":{"iid":12,"action":"update","source_branch":"fix","target_branch":"main","last_commit":{"id":"{{{After}}}" } } }
            """)).Change!;
        Assert.Equal(("12", "UPDATED", "fix", "main", "refs/merge-requests/12/head"),
            (mr.PullRequest!.Number, mr.PullRequest.Event, mr.PullRequest.SourceBranch, mr.PullRequest.TargetBranch, mr.Ref));
        var tag = GitLabPayloads.Parse("Tag Push Hook", Json($$$"""{"ref":"refs/tags/v1","before":"{{GitRefs.ZeroCommit}}","after":"{{{After}}}"}""")).Change!;
        Assert.Equal(ChangeKind.TagPush, tag.Kind);
    }
}
