using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class ExecutionModeTests(FarmCluster farm)
{
    private readonly TestAgent agent = new(farm.Grains, "modes");

    private async Task<(IPipelineGrain Pipeline, string Name)> ApplyAsync(ExecutionMode mode)
    {
        var definition = Pipelines.OneAction(Pipelines.UniqueName(mode.ToString().ToLowerInvariant()), mode);
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        return (pipeline, definition.Name);
    }

    private async Task<string> StartAsync(IPipelineGrain pipeline) => (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;

    private Task<ExecutionRun> RunOf(string id) => farm.Grains.GetGrain<IExecutionGrain>(id).GetAsync();

    [Fact]
    public async Task Superseded_a_newer_waiting_execution_replaces_the_older_one()
    {
        var (pipeline, _) = await ApplyAsync(ExecutionMode.Superseded);
        var first = await StartAsync(pipeline);
        var job = await agent.AcquireOneAsync();
        var second = await StartAsync(pipeline);
        var third = await StartAsync(pipeline);

        var superseded = await Eventually.ReachAsync(() => RunOf(second), r => r.Status.IsTerminal(), "the second execution ends");
        Assert.Equal(ExecutionStatus.Superseded, superseded.Status);
        Assert.Contains(third, superseded.StatusSummary);
        Assert.Equal(StageStatus.Waiting, (await RunOf(third)).Stages[0].Status);

        await agent.SucceedAsync(job);
        Assert.Equal(ExecutionStatus.Succeeded, (await RunOf(first)).Status);
        var next = await agent.AcquireOneAsync();
        Assert.Equal(third, next.ExecutionId);
        await agent.SucceedAsync(next);
        Assert.Equal(ExecutionStatus.Succeeded, (await RunOf(third)).Status);
    }

    [Fact]
    public async Task Queued_executions_pass_the_stage_one_by_one_in_order()
    {
        var (pipeline, _) = await ApplyAsync(ExecutionMode.Queued);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await StartAsync(pipeline));

        foreach (var id in ids)
        {
            var job = await agent.AcquireOneAsync();
            Assert.Equal(id, job.ExecutionId);
            Assert.Empty(await agent.AcquireAsync(waitSeconds: 0.2)); // the others wait at the gate
            await agent.SucceedAsync(job);
        }
        foreach (var id in ids) Assert.Equal(ExecutionStatus.Succeeded, (await RunOf(id)).Status);
    }

    [Fact]
    public async Task Parallel_executions_do_not_wait_for_each_other()
    {
        var (pipeline, _) = await ApplyAsync(ExecutionMode.Parallel);
        var ids = new HashSet<string>();
        for (var i = 0; i < 3; i++) ids.Add(await StartAsync(pipeline));

        var jobs = new List<JobSpec>();
        while (jobs.Count < 3) jobs.AddRange(await agent.AcquireAsync());
        Assert.Equal(ids, jobs.Select(j => j.ExecutionId).ToHashSet());
        foreach (var job in jobs) await agent.SucceedAsync(job);
        foreach (var id in ids) Assert.Equal(ExecutionStatus.Succeeded, (await RunOf(id)).Status);
    }
}
