using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using BuildFarm.Core.Triggers;
using BuildFarm.Tests.Shared;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class TriggerGrainTests(FarmCluster farm)
{
    private static ActionDefinition GitSource(string url, string branch = "main") => new()
    {
        Name = "Code",
        Category = ActionCategory.Source,
        Provider = ProviderCatalog.Git.Name,
        Configuration = new Dictionary<string, string> { ["Repository"] = url, ["Branch"] = branch },
        OutputArtifacts = [new OutputArtifactDefinition { Name = "src" }],
    };

    private static PipelineDefinition Watching(string name, string url, GitTriggerConfiguration git) => new()
    {
        Name = name,
        ExecutionMode = ExecutionMode.Parallel,
        Stages = [new StageDefinition { Name = "Source", Actions = [GitSource(url)] }],
        Triggers = [new TriggerDefinition { GitConfiguration = git }],
    };

    private async Task<IReadOnlyList<ExecutionRun>> ExecutionsAsync(string pipeline)
    {
        var ids = await farm.Grains.GetGrain<IPipelineGrain>(pipeline).ListExecutionIdsAsync(100);
        return await Task.WhenAll(ids.Select(id => farm.Grains.GetGrain<IExecutionGrain>(id).GetAsync()));
    }

    private Task<RepositoryStatus> WatchedAsync(string url) =>
        Eventually.ReachAsync(() => farm.Grains.GetGrain<IRepositoryGrain>(RepositoryUrls.Key(url)).GetStatusAsync(),
            s => s.LastCheckAt is not null && s.Subscribers.Count > 0, "the repository is watched and its baseline taken");

    [Fact]
    public async Task A_polled_push_starts_one_execution_on_its_commit_and_a_push_to_excluded_paths_starts_none()
    {
        using var repository = TestGitRepository.Create();
        repository.Commit("first", ("src/app.c", "int main;"), ("docs/readme.md", "hello"));
        var name = Pipelines.UniqueName("polled");
        var git = new GitTriggerConfiguration
        {
            SourceActionName = "Code",
            Push = [new GitPushFilter { Branches = new GitFilter { Includes = ["main"] }, FilePaths = new GitFilter { Includes = ["src/**"], Excludes = ["src/gen/**"] } }],
        };
        await farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(Watching(name, repository.FileUrl, git), "test");
        await WatchedAsync(repository.FileUrl);
        var poller = farm.Grains.GetGrain<IRepositoryGrain>(RepositoryUrls.Key(repository.FileUrl));

        repository.Commit("docs and generated code only", ("docs/readme.md", "changed"), ("src/gen/table.c", "x"));
        var ignored = repository.Head();
        await Eventually.ReachAsync(async () => (await farm.Grains.GetGrain<IPipelineTriggersGrain>(name).ListAsync())[0].LastResult ?? "",
            r => r.Contains(GitRefs.Short(ignored)) || r.Contains("none of the 2 changed files"), "the excluded push was seen");
        Assert.Empty(await ExecutionsAsync(name));

        var commit = repository.Commit("real change", ("src/app.c", "int main() {}"));
        var runs = await Eventually.ReachAsync(() => ExecutionsAsync(name), r => r.Count > 0, "the push started an execution");
        await poller.PollAsync();
        await poller.PollAsync();
        var run = Assert.Single(await ExecutionsAsync(name));
        Assert.Equal(commit, run.SourceRevisions["Code"].RevisionId);
        Assert.Equal(new ExecutionTrigger { Type = TriggerType.Push, Detail = $"push to 'main' at {commit[..7]} (poll)", Source = "triggers[0]", Revision = commit }, run.TriggerInfo);
        Assert.Equal(runs[0].Id, run.Id);

        var status = Assert.Single(await farm.Grains.GetGrain<IPipelineTriggersGrain>(name).ListAsync());
        Assert.Equal(run.Id, Assert.Single(status.Started).ExecutionId);
        await CompleteAsync(run.Id);
    }

    /// <summary>Runs the execution's one job, so that no job of this test is left in the shared queue.</summary>
    private async Task CompleteAsync(string executionId)
    {
        var agent = new TestAgent(farm.Grains, "triggers");
        var job = await agent.AcquireOneAsync();
        Assert.Equal(executionId, job.ExecutionId);
        await agent.SucceedAsync(job);
    }

    [Fact]
    public async Task A_pull_request_change_starts_its_head_commit_once_with_the_pull_request_id()
    {
        using var repository = TestGitRepository.Create();
        repository.Commit("first", ("src/a.c", "a"));
        repository.Checkout("feature", create: true);
        var head = repository.Commit("feature work", ("src/b.c", "b"));
        var name = Pipelines.UniqueName("pr");
        var git = new GitTriggerConfiguration
        {
            SourceActionName = "Code",
            PullRequest = [new GitPullRequestFilter { Branches = new GitFilter { Includes = ["main"] }, FilePaths = new GitFilter { Includes = ["src/**"] } }],
        };
        var definition = Watching(name, repository.FileUrl, git);
        definition = definition with { Stages = [definition.Stages[0] with { Actions = [GitSource(repository.FileUrl) with { Configuration = new Dictionary<string, string> { ["Repository"] = repository.FileUrl, ["PollForSourceChanges"] = "false" } }] }] };
        await farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(definition, "test");
        var repositoryGrain = farm.Grains.GetGrain<IRepositoryGrain>(RepositoryUrls.Key(repository.FileUrl));
        await Eventually.ReachAsync(() => repositoryGrain.GetStatusAsync(), s => s.Subscribers.Count > 0, "subscribed");

        var change = new RepositoryChange
        {
            RepositoryUrl = repository.FileUrl + "/", Kind = ChangeKind.PullRequest, Ref = "refs/pull/5/head", After = head, Via = "github webhook",
            PullRequest = new PullRequestInfo { Number = "5", Event = "OPEN", SourceBranch = "feature", TargetBranch = "main" },
        };
        var started = await repositoryGrain.OnWebhookAsync(change, [], false);
        Assert.Empty(await repositoryGrain.OnWebhookAsync(change, [], false));

        var run = await farm.Grains.GetGrain<IExecutionGrain>(Assert.Single(started)).GetAsync();
        Assert.Equal(TriggerType.PullRequest, run.TriggerInfo!.Type);
        Assert.Equal(new Dictionary<string, string> { ["Commit"] = head, ["Ref"] = "refs/pull/5/head", ["Branch"] = "feature", ["PullRequestId"] = "5" },
            run.SourceRevisions["Code"].Configuration);
        Assert.False((await repositoryGrain.GetStatusAsync()).Polling);
        await CompleteAsync(run.Id);
    }

    [Fact]
    public async Task A_schedule_fires_each_slot_once_and_skips_slots_while_its_run_is_going()
    {
        var name = Pipelines.UniqueName("cron");
        var definition = Pipelines.OneAction(name, ExecutionMode.Parallel) with
        {
            Triggers = [new TriggerDefinition { Schedule = new ScheduleTrigger { Cron = "* * * * * *", TimeZone = "UTC", SkipIfRunning = true } }],
        };
        await farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(definition, "test");
        var triggers = farm.Grains.GetGrain<IPipelineTriggersGrain>(name);
        var status = await Eventually.ReachAsync(async () => (await triggers.ListAsync())[0], s => s.Started.Count(e => e.Skipped is not null) >= 2,
            "two slots were skipped while the first run waits for an agent");

        var run = Assert.Single(await ExecutionsAsync(name));
        Assert.Equal(TriggerType.Schedule, run.TriggerInfo!.Type);
        Assert.Equal(run.Id, status.Started.Last().ExecutionId);
        Assert.All(status.Started.SkipLast(1), s => Assert.Equal($"the previous scheduled run {run.Id} is still going", s.Skipped));
        Assert.Equal(status.Started.Count, status.Started.Select(s => s.Detail).Distinct().Count());

        await farm.Grains.GetGrain<IPipelineGrain>(name).DeleteAsync();
        await Eventually.ReachAsync(() => farm.Grains.GetGrain<IScheduleGrain>(IScheduleGrain.KeyOf(name, "triggers[0]")).GetStatusAsync(),
            s => !s.Active, "the schedule stopped with its pipeline");
        var agent = new TestAgent(farm.Grains, "cron");
        await agent.SucceedAsync(await agent.AcquireOneAsync());
    }

    [Fact]
    public async Task An_upstream_success_starts_the_downstream_pipeline_with_the_upstream_artifact()
    {
        var upstream = Pipelines.UniqueName("up");
        var downstream = Pipelines.UniqueName("down");
        await farm.Grains.GetGrain<IPipelineGrain>(upstream).ApplyAsync(new PipelineDefinition
        {
            Name = upstream,
            Stages = [new StageDefinition { Name = "Build", Actions = [Pipelines.Commands("Compile", output: "bin")] }],
        }, "test");
        await farm.Grains.GetGrain<IPipelineGrain>(downstream).ApplyAsync(new PipelineDefinition
        {
            Name = downstream,
            Stages =
            [
                new StageDefinition
                {
                    Name = "Source",
                    Actions = [new ActionDefinition
                    {
                        Name = "FromBuild", Category = ActionCategory.Source, Provider = ProviderCatalog.Upstream.Name,
                        Configuration = new Dictionary<string, string> { ["Pipeline"] = upstream, ["Artifact"] = "bin" },
                        OutputArtifacts = [new OutputArtifactDefinition { Name = "app" }],
                    }],
                },
            ],
            Triggers = [new TriggerDefinition { Upstream = new UpstreamTrigger { Pipeline = upstream } }],
        }, "test");
        await Eventually.ReachAsync(() => farm.Grains.GetGrain<IPipelineHooksGrain>(upstream).ListDownstreamAsync(), d => d.Contains(downstream), "subscribed");

        var agent = new TestAgent(farm.Grains, "upstream");
        var started = await farm.Grains.GetGrain<IPipelineGrain>(upstream).StartManualAsync(new ManualStart { Trigger = "test" });
        var compile = await agent.AcquireOneAsync();
        await agent.SucceedAsync(compile);
        var produced = (await farm.Grains.GetGrain<IExecutionGrain>(started.ExecutionId).GetAsync()).Stages[0].Actions[0].Outputs[0].Digest;

        var job = await agent.AcquireOneAsync();
        Assert.Equal((downstream, "FromBuild"), (job.Pipeline, job.Action));
        Assert.Equal(produced.ToString(), job.Configuration["ArtifactDigest"]);
        Assert.Equal(started.ExecutionId, job.Configuration["UpstreamExecutionId"]);
        var run = await farm.Grains.GetGrain<IExecutionGrain>(job.ExecutionId).GetAsync();
        Assert.Equal((TriggerType.Upstream, started.ExecutionId), (run.TriggerInfo!.Type, run.TriggerInfo.Revision));
        await agent.SucceedAsync(job);
    }

    [Fact]
    public async Task An_upstream_trigger_that_would_close_a_loop_across_pipelines_is_refused_and_nothing_changes()
    {
        PipelineDefinition Following(string name, string upstream) => new()
        {
            Name = name,
            Stages = [new StageDefinition { Name = "Build", Actions = [Pipelines.Commands("Compile")] }],
            Triggers = [new TriggerDefinition { Upstream = new UpstreamTrigger { Pipeline = upstream } }],
        };
        await farm.Grains.GetGrain<IPipelineGrain>("loop-b").ApplyAsync(Following("loop-b", "loop-a"), "test");
        await farm.Grains.GetGrain<IPipelineGrain>("loop-c").ApplyAsync(Following("loop-c", "loop-b"), "test");
        await farm.Grains.GetGrain<IPipelineGrain>("loop-a").ApplyAsync(Following("loop-a", "loop-z"), "test");

        var refused = await Assert.ThrowsAsync<FarmException>(() => farm.Grains.GetGrain<IPipelineGrain>("loop-a").ApplyAsync(Following("loop-a", "loop-c"), "test"));

        Assert.Equal(FarmErrorCode.InvalidArgument, refused.Code);
        var problem = Assert.Single(refused.Problems);
        Assert.Equal("triggers[0].upstream.pipeline", problem.Path);
        Assert.Contains("(loop-a -> loop-b -> loop-c)", problem.Message);
        var latest = await farm.Grains.GetGrain<IPipelineGrain>("loop-a").GetAsync(0);
        Assert.Equal((1, "loop-z"), (latest.Version, latest.Definition.Triggers[0].Upstream!.Pipeline));
        Assert.DoesNotContain("loop-a", await farm.Grains.GetGrain<IPipelineHooksGrain>("loop-c").ListDownstreamAsync());
    }

    [Fact]
    public async Task A_job_gets_the_secret_its_configuration_names_and_no_other()
    {
        var vault = farm.Grains.GetGrain<ISecretGrain>(ISecretGrain.Key);
        Assert.False(await vault.SetAsync("repo-token", "user:s3cret"));
        Assert.True(await vault.SetAsync("repo-token", "user:s3cret-2"));
        await vault.SetAsync("unrelated", "do-not-send");
        Assert.Contains(await vault.ListAsync(), s => s.Name == "repo-token");
        var invalid = await Assert.ThrowsAsync<FarmException>(() => vault.SetAsync("bad name", "x"));
        Assert.Equal(FarmErrorCode.InvalidArgument, invalid.Code);

        var name = Pipelines.UniqueName("secret");
        var source = GitSource("https://git.invalid/r.git") with
        {
            Configuration = new Dictionary<string, string> { ["Repository"] = "https://git.invalid/r.git", ["CredentialSecret"] = "repo-token" },
        };
        await farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(new PipelineDefinition
        {
            Name = name, Stages = [new StageDefinition { Name = "Source", Actions = [source] }],
        }, "test");
        await farm.Grains.GetGrain<IPipelineGrain>(name).StartManualAsync(new ManualStart { Trigger = "test" });
        var agent = new TestAgent(farm.Grains, "secret");
        var job = await agent.AcquireOneAsync();
        Assert.Equal(new Dictionary<string, string> { ["repo-token"] = "user:s3cret-2" }, job.Secrets);
        await agent.SucceedAsync(job);
        var run = await farm.Grains.GetGrain<IExecutionGrain>(job.ExecutionId).GetAsync();
        Assert.DoesNotContain("s3cret", System.Text.Json.JsonSerializer.Serialize(run));
    }

    [Fact]
    public async Task A_buildspec_job_gets_the_secrets_its_inline_buildspec_reads_and_those_listed_in_Secrets_and_no_other()
    {
        var vault = farm.Grains.GetGrain<ISecretGrain>(ISecretGrain.Key);
        await vault.SetAsync("bs-token", "t-1");
        await vault.SetAsync("bs-listed", "l-1");
        await vault.SetAsync("bs-unrelated", "do-not-send");
        var name = Pipelines.UniqueName("bs-secret");
        var build = new ActionDefinition
        {
            Name = "Make", Category = "Build", Provider = "Buildspec", InputArtifacts = ["src"],
            Configuration = new Dictionary<string, string>
            {
                ["BuildSpec"] = "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: bs-token\n    GONE: bs-missing\nphases:\n  build:\n    commands: [make]\n",
                ["Secrets"] = "bs-listed",
            },
        };
        var source = new ActionDefinition
        {
            Name = "Checkout", Category = "Source", Provider = "Folder", OutputArtifacts = [new OutputArtifactDefinition { Name = "src" }],
            Configuration = new Dictionary<string, string> { ["Path"] = "/tmp" },
        };
        await farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(new PipelineDefinition
        {
            Name = name, Stages = [new StageDefinition { Name = "Source", Actions = [source] }, new StageDefinition { Name = "Build", Actions = [build] }],
        }, "test");
        await farm.Grains.GetGrain<IPipelineGrain>(name).StartManualAsync(new ManualStart { Trigger = "test" });
        var agent = new TestAgent(farm.Grains, "bs-secret");
        var checkout = await agent.AcquireOneAsync();
        Assert.Empty(checkout.Secrets);
        await agent.SucceedAsync(checkout);
        var job = await agent.AcquireOneAsync();
        // bs-missing is declared but the farm does not have it: the agent fails the action naming it.
        Assert.Equal(new Dictionary<string, string> { ["bs-listed"] = "l-1", ["bs-token"] = "t-1" }, job.Secrets);
        await agent.SucceedAsync(job);
    }
}
