using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class GitRefsTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "cccccccccccccccccccccccccccccccccccccccc";

    [Fact]
    public void Ls_remote_output_gives_branches_and_tags_with_annotated_tags_peeled()
    {
        var refs = GitRefs.ParseLsRemote($"{A}\tHEAD\n{A}\trefs/heads/main\n{B}\trefs/tags/v1\n{C}\trefs/tags/v1^{{}}\n{B}\trefs/pull/1/head\n");
        Assert.Equal(new Dictionary<string, string> { ["refs/heads/main"] = A, ["refs/tags/v1"] = C }, refs);
    }

    [Fact]
    public void Changes_are_new_moved_and_deleted_refs()
    {
        var before = new Dictionary<string, string> { ["refs/heads/main"] = A, ["refs/heads/old"] = A, ["refs/heads/same"] = C };
        var after = new Dictionary<string, string> { ["refs/heads/main"] = B, ["refs/heads/new"] = C, ["refs/heads/same"] = C };
        Assert.Equal([("refs/heads/main", A, B), ("refs/heads/new", null, C), ("refs/heads/old", A, null)], GitRefs.Changes(before, after));
    }

    [Fact]
    public void The_zero_commit_means_no_commit()
    {
        Assert.Null(GitRefs.CommitOrNull(GitRefs.ZeroCommit));
        Assert.Null(GitRefs.CommitOrNull("main"));
        Assert.Equal(A, GitRefs.CommitOrNull(A));
    }

    [Theory]
    [InlineData("https://GitHub.com/Org/Repo.git", "https://github.com/Org/Repo")]
    [InlineData("https://github.com/Org/Repo/", "https://github.com/Org/Repo")]
    [InlineData("git@github.com:Org/Repo.git", "git@github.com:Org/Repo")]
    [InlineData("file:///tmp/repo.git", "file:///tmp/repo")]
    public void Repository_keys_ignore_how_the_url_is_written(string url, string key) => Assert.Equal(key, RepositoryUrls.Key(url));
}
