using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class GitTriggerMatcherTests
{
    private const string Commit = "1111111111111111111111111111111111111111";

    private static RepositoryChange Push(string branch, params string[] files) => new()
    {
        RepositoryUrl = "file:///r.git", Kind = ChangeKind.BranchPush, Ref = "refs/heads/" + branch, After = Commit, ChangedFiles = files, Via = "poll",
    };

    private static GitTriggerConfiguration Git(params GitPushFilter[] push) => new() { SourceActionName = "Source", Push = push };

    private static GitFilter Include(params string[] globs) => new() { Includes = globs };

    [Fact]
    public void A_filter_without_branches_watches_the_source_actions_branch()
    {
        var git = Git(new GitPushFilter());
        Assert.True(GitTriggerMatcher.Decide(git, Push("main"), "main").Matched);
        var other = GitTriggerMatcher.Decide(git, Push("dev"), "main");
        Assert.False(other.Matched);
        Assert.Equal("push to 'dev': push[0]: branch 'dev' is not the source action's branch 'main'", other.Reason);
    }

    [Fact]
    public void Excludes_win_over_includes()
    {
        var git = Git(new GitPushFilter { Branches = new GitFilter { Includes = ["feature/**"], Excludes = ["feature/wip-*"] } });
        Assert.True(GitTriggerMatcher.Decide(git, Push("feature/login"), "main").Matched);
        var excluded = GitTriggerMatcher.Decide(git, Push("feature/wip-x"), "main");
        Assert.False(excluded.Matched);
        Assert.Contains("branch 'feature/wip-x' is excluded by 'feature/wip-*'", excluded.Reason);
    }

    [Fact]
    public void A_push_that_only_touches_excluded_paths_does_not_match()
    {
        var git = Git(new GitPushFilter { Branches = Include("main"), FilePaths = new GitFilter { Includes = ["src/**"], Excludes = ["src/docs/**"] } });
        var decision = GitTriggerMatcher.Decide(git, Push("main", "src/docs/a.md", "README.md"), "main");
        Assert.False(decision.Matched);
        Assert.Equal("push to 'main': push[0]: none of the 2 changed files passes the file-path filter", decision.Reason);
        Assert.True(GitTriggerMatcher.Decide(git, Push("main", "src/docs/a.md", "src/app.c"), "main").Matched);
    }

    [Fact]
    public void The_150th_changed_file_counts_there_is_no_cut_off_at_100()
    {
        var files = Enumerable.Range(1, 149).Select(i => $"docs/page{i:000}.md").Append("src/main.c").ToArray();
        var git = Git(new GitPushFilter { Branches = Include("main"), FilePaths = Include("src/**") });
        var decision = GitTriggerMatcher.Decide(git, Push("main", files), "main");
        Assert.True(decision.Matched);
        Assert.Equal("push to 'main' matches push[0] (1 of 150 changed files pass the file-path filter)", decision.Reason);
    }

    [Fact]
    public void Tags_match_only_tag_filters_and_branches_only_branch_filters()
    {
        var git = Git(new GitPushFilter { Tags = Include("v*") }, new GitPushFilter { Branches = Include("release/*") });
        var tag = Push("x") with { Kind = ChangeKind.TagPush, Ref = "refs/tags/v1.0" };
        Assert.Equal("tag 'v1.0' matches push[0]", GitTriggerMatcher.Decide(git, tag, "main").Reason);
        var otherTag = tag with { Ref = "refs/tags/nightly" };
        Assert.False(GitTriggerMatcher.Decide(git, otherTag, "main").Matched);
        Assert.Equal("push to 'release/2' matches push[1]", GitTriggerMatcher.Decide(git, Push("release/2"), "main").Reason);
    }

    [Fact]
    public void Pull_requests_match_on_event_target_branch_and_files()
    {
        var git = new GitTriggerConfiguration
        {
            SourceActionName = "Source",
            PullRequest = [new GitPullRequestFilter { Events = ["OPEN", "UPDATED"], Branches = Include("main"), FilePaths = Include("src/**") }],
        };
        RepositoryChange Pr(string ev, string target, params string[] files) => new()
        {
            RepositoryUrl = "file:///r.git", Kind = ChangeKind.PullRequest, Ref = "refs/pull/7/head", After = Commit, ChangedFiles = files, Via = "github webhook",
            PullRequest = new PullRequestInfo { Number = "7", Event = ev, SourceBranch = "feature", TargetBranch = target },
        };
        Assert.True(GitTriggerMatcher.Decide(git, Pr("OPEN", "main", "src/a.c"), "main").Matched);
        Assert.Equal("pull request 7 (CLOSED, feature -> main): pullRequest[0]: event CLOSED is not one of OPEN, UPDATED",
            GitTriggerMatcher.Decide(git, Pr("CLOSED", "main", "src/a.c"), "main").Reason);
        Assert.False(GitTriggerMatcher.Decide(git, Pr("UPDATED", "dev", "src/a.c"), "main").Matched);
        Assert.False(GitTriggerMatcher.Decide(git, Pr("UPDATED", "main", "docs/a.md"), "main").Matched);
        Assert.False(GitTriggerMatcher.Decide(Git(new GitPushFilter()), Pr("OPEN", "main"), "main").Matched);
    }

    [Fact]
    public void A_deleted_branch_never_matches()
    {
        var decision = GitTriggerMatcher.Decide(Git(new GitPushFilter()), Push("main") with { After = null }, "main");
        Assert.Equal((false, "push to 'main': the ref was deleted"), (decision.Matched, decision.Reason));
    }
}
