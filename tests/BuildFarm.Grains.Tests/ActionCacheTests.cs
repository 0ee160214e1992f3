using System.Text;
using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using BuildFarm.Storage.Content;

namespace BuildFarm.Grains.Tests;

/// <summary>The action result cache through the grains, with a real content store behind the lookups.</summary>
[Collection(FarmClusterCollection.Name)]
public sealed class ActionCacheTests(FarmCluster farm)
{
    private readonly TestAgent agent = new(farm.Grains, "cache-" + Guid.NewGuid().ToString("n")[..6]);

    private async Task<IPipelineGrain> ApplyAsync()
    {
        var definition = new PipelineDefinition
        {
            Name = Pipelines.UniqueName("cache"),
            Stages = [new StageDefinition { Name = "Build", Actions = [Pipelines.Commands("Make", output: "bin") with { OutputVariables = ["V"] }] }],
        };
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        return pipeline;
    }

    /// <summary>A one-file tree whose blobs are in the store, as an agent's upload leaves them.</summary>
    private async Task<(Digest Tree, Digest File)> StoredTreeAsync()
    {
        var store = farm.Artifacts;
        var file = await store.WriteAsync(Encoding.UTF8.GetBytes("built " + Guid.NewGuid()));
        var tree = await store.WriteAsync(ArtifactTree.Create([new TreeEntry("app", file, 0b110_100_100)]).Encode());
        return (tree, file);
    }

    private Task<ExecutionRun> RunOf(string id) => farm.Grains.GetGrain<IExecutionGrain>(id).GetAsync();

    private Task<ExecutionRun> EndOf(string id) => Eventually.ReachAsync(() => RunOf(id), r => r.Status.IsTerminal(), $"execution {id} ends");

    [Fact]
    public async Task An_unchanged_action_is_served_from_the_cache_until_a_blob_of_its_result_is_gone_then_it_runs()
    {
        var pipeline = await ApplyAsync();
        var (tree, file) = await StoredTreeAsync();

        var first = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;
        var job = await agent.AcquireOneAsync();
        await agent.CompleteAsync(job, new JobResult
        {
            Succeeded = true, ExitCode = 0,
            Outputs = new Dictionary<string, Digest> { ["bin"] = tree },
            OutputVariables = new Dictionary<string, string> { ["V"] = "1" },
        });
        var firstAttempt = (await EndOf(first)).Stages[0].Actions[0].Attempts.Single();
        Assert.Null(firstAttempt.CacheHit);
        var entry = await farm.Grains.GetGrain<IActionCacheGrain>(firstAttempt.CacheKey!).GetAsync();
        Assert.Equal((first, tree), (entry!.ExecutionId, entry.Outputs["bin"]));

        var second = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;
        var hit = await EndOf(second);
        Assert.Equal(ExecutionStatus.Succeeded, hit.Status);
        var hitAttempt = hit.Stages[0].Actions[0].Attempts.Single();
        Assert.Equal((first, firstAttempt.CacheKey), (hitAttempt.CacheHit!.ExecutionId, hitAttempt.CacheHit.Key));
        Assert.Equal(tree, hit.Stages[0].Actions[0].Outputs.Single().Digest);
        Assert.Equal("1", hit.Stages[0].Actions[0].OutputVariables["V"]);
        Assert.Empty(await agent.AcquireAsync(waitSeconds: 0.2));

        var noCache = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test", NoCache = true })).ExecutionId;
        await agent.SucceedAsync(await agent.AcquireOneAsync());
        Assert.Null((await EndOf(noCache)).Stages[0].Actions[0].Attempts.Single().CacheHit);

        // --no-cache recorded its own result (digests not in the store): the lookup finds it incomplete, a miss.
        var third = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;
        var ran = await agent.AcquireOneAsync();
        Assert.Equal(third, ran.ExecutionId);
        await agent.CompleteAsync(ran, new JobResult { Succeeded = true, ExitCode = 0, Outputs = new Dictionary<string, Digest> { ["bin"] = tree } });
        Assert.Equal(ExecutionStatus.Succeeded, (await EndOf(third)).Status);

        File.Delete(Path.Combine(((FileSystemContentStore)farm.Artifacts.Store).Root, "sha256", file.Hash[..2], file.Hash));
        var fourth = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;
        var rerun = await agent.AcquireOneAsync();
        Assert.Equal(fourth, rerun.ExecutionId);
        await agent.FailAsync(rerun);
        Assert.Equal(ExecutionStatus.Failed, (await EndOf(fourth)).Status);
    }

    [Fact]
    public async Task A_labelled_job_goes_only_to_an_agent_with_those_labels()
    {
        var name = Pipelines.UniqueName("labels");
        var definition = new PipelineDefinition
        {
            Name = name,
            Stages =
            [
                new StageDefinition
                {
                    Name = "Build",
                    Actions = [Pipelines.Commands("Gpu") with { Cache = false, Labels = new Dictionary<string, string> { ["gpu"] = name } }],
                },
            ],
        };
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(name);
        await pipeline.ApplyAsync(definition, "test");
        var id = (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;

        var plain = new TestAgent(farm.Grains, "plain-" + name[..8]);
        Assert.Empty(await plain.AcquireAsync(waitSeconds: 0.5));
        var demand = await farm.Grains.GetGrain<IJobQueueGrain>(AgentLabels.DefaultPool).GetDemandAsync();
        Assert.Contains(demand, d => d.Labels.GetValueOrDefault("gpu") == name && d.Jobs == 1);

        var gpu = new TestAgent(farm.Grains, "gpu-" + name[..8], new Dictionary<string, string> { ["gpu"] = name, ["os"] = "linux" });
        var job = await gpu.AcquireOneAsync();
        Assert.Equal(id, job.ExecutionId);
        await gpu.SucceedAsync(job);
        Assert.Equal(ExecutionStatus.Succeeded, (await EndOf(id)).Status);
    }
}
