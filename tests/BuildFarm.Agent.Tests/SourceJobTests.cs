using System.Net;
using System.Text;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using BuildFarm.Server.Hosting;
using BuildFarm.Tests.Shared;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;

namespace BuildFarm.Agent.Tests;

/// <summary>The Git, Upstream and CommitStatus providers with real git repositories and a real HTTP listener.</summary>
public sealed class SourceJobTests : IDisposable
{
    private readonly JobHarness harness = new();
    private readonly TestGitRepository repository = TestGitRepository.Create();

    public void Dispose()
    {
        harness.Dispose();
        repository.Dispose();
    }

    private static Job SourceJob(string provider, Dictionary<string, string> configuration, string output = "src")
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = "ex-1/Source/Code/1", LeaseId = "lease-1" },
            Pipeline = "app", Stage = "Source", Action = "Code", Attempt = 1, Category = "Source", Provider = provider,
        };
        job.Configuration.Add(configuration);
        job.Outputs.Add(new JobOutput { Name = output });
        return job;
    }

    private ArtifactTree TreeOf(Digest digest) => ArtifactTree.Decode(harness.Store.Blobs[digest]);

    [Fact]
    public async Task Git_fetches_exactly_the_given_commit_without_its_git_folder_and_publishes_its_details()
    {
        var first = repository.Commit("first commit\n\nwith a body", ("src/app.c", "v1"), ("README.md", "hello"));
        repository.Commit("second commit", ("src/app.c", "v2"));

        var (result, log) = await harness.RunAsync(SourceJob("Git", new() { ["Repository"] = repository.FileUrl, ["Branch"] = "main", ["Commit"] = first }));

        Assert.True(result.Succeeded, log);
        var tree = TreeOf(result.Outputs["src"]);
        Assert.Equal(["README.md", "src/app.c"], tree.Entries.Select(e => e.Path));
        Assert.Equal("v1", Encoding.UTF8.GetString(harness.Store.Blobs[tree.Entries[1].Digest]));
        Assert.Equal(first, result.OutputVariables["CommitId"]);
        Assert.Equal(first[..7], result.OutputVariables["ShortCommitId"]);
        Assert.Equal("main", result.OutputVariables["BranchName"]);
        Assert.Equal("Test Author", result.OutputVariables["AuthorName"]);
        Assert.Equal("first commit\n\nwith a body", result.OutputVariables["CommitMessage"]);
        Assert.True(DateTimeOffset.TryParse(result.OutputVariables["CommittedTime"], out _));
    }

    [Fact]
    public async Task Git_without_a_commit_takes_the_branch_head_and_an_unchanged_tree_uploads_nothing()
    {
        repository.Commit("first", ("a.txt", "a"));
        repository.Checkout("release", create: true);
        var head = repository.Commit("on release", ("b.txt", "b"));
        var job = SourceJob("Git", new() { ["Repository"] = repository.FileUrl, ["Branch"] = "release" });

        var (first, _) = await harness.RunAsync(job);
        var written = harness.Store.Written.Count;
        repository.Commit("empty commit: same tree");
        var (second, log) = await harness.RunAsync(job);

        Assert.Equal(head, first.OutputVariables["CommitId"]);
        Assert.NotEqual(head, second.OutputVariables["CommitId"]);
        Assert.Equal(first.Outputs["src"], second.Outputs["src"]);
        Assert.Equal(written, harness.Store.Written.Count);
        Assert.Contains("0 new blobs", log);
    }

    [Fact]
    public async Task Git_fails_clearly_for_a_missing_commit_and_for_a_secret_the_farm_does_not_have()
    {
        repository.Commit("first", ("a.txt", "a"));
        var (missing, _) = await harness.RunAsync(SourceJob("Git", new()
        {
            ["Repository"] = repository.FileUrl, ["Commit"] = "0123456789abcdef0123456789abcdef01234567",
        }));
        Assert.Equal(ErrorKind.CommandFailed, missing.ErrorKind);
        Assert.Contains("commit 0123456789abcdef0123456789abcdef01234567 is not in branch 'main'", missing.Message);

        var (secret, _) = await harness.RunAsync(SourceJob("Git", new() { ["Repository"] = repository.FileUrl, ["CredentialSecret"] = "token" }));
        Assert.Equal(ErrorKind.ConfigurationError, secret.ErrorKind);
        Assert.Equal("configuration 'CredentialSecret' names secret 'token', which the farm does not have; an admin sets it with 'farm secret set token'", secret.Message);
    }

    [Fact]
    public async Task Upstream_passes_on_an_artifact_that_is_in_the_store_and_refuses_one_that_is_not()
    {
        var tree = harness.Store.Add(ArtifactTree.Create([new TreeEntry("app", harness.Store.Add("binary"u8.ToArray()), 0b111_101_101)]).Encode());
        var (result, _) = await harness.RunAsync(SourceJob("Upstream", new() { ["Pipeline"] = "build", ["UpstreamExecutionId"] = "ex-up", ["ArtifactDigest"] = tree.ToString() }, "app"));
        Assert.Equal(tree, result.Outputs["app"]);
        Assert.Equal("ex-up", result.OutputVariables["UpstreamExecutionId"]);

        var (gone, _) = await harness.RunAsync(SourceJob("Upstream", new() { ["Pipeline"] = "build", ["ArtifactDigest"] = Digest.Of("nothing"u8).ToString() }, "app"));
        Assert.Equal(ErrorKind.ArtifactError, gone.ErrorKind);
        var (none, _) = await harness.RunAsync(SourceJob("Upstream", new() { ["Pipeline"] = "build" }, "app"));
        Assert.Equal(ErrorKind.ConfigurationError, none.ErrorKind);
        Assert.Contains("an execution of pipeline 'build' that succeeded", none.Message);
    }

    [Fact]
    public async Task CommitStatus_posts_pending_in_githubs_shape_with_the_token_secret()
    {
        var port = FreePort.Find(IPAddress.Loopback);
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            var request = (context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body);
            context.Response.StatusCode = 201;
            context.Response.Close();
            return request;
        });
        var job = SourceJob("CommitStatus", new()
        {
            ["Url"] = $"http://127.0.0.1:{port}/repos/o/r/statuses/abc", ["Context"] = "farm/app", ["Description"] = "building", ["TokenSecret"] = "status-token",
        });
        job.Outputs.Clear();
        job.Secrets.Add("status-token", "tok-123");

        var (result, log) = await harness.RunAsync(job);

        Assert.True(result.Succeeded, log);
        var (path, authorization, body) = await received;
        Assert.Equal(("/repos/o/r/statuses/abc", "Bearer tok-123"), (path, authorization));
        Assert.Equal("""{"state":"pending","target_url":null,"description":"building","context":"farm/app"}""", body);
        Assert.DoesNotContain("tok-123", log);
    }
}
