using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

/// <summary>Two executions started at the same moment, in each mode.</summary>
[Collection(FarmClusterCollection.Name)]
public sealed class ExecutionModeRaceTests(FarmCluster farm) : GrainTest(farm, "races")
{
    private async Task<(string Pipeline, string[] Ids)> StartTwoTogetherAsync(ExecutionMode mode)
    {
        var pipeline = await ApplyAsync(mode.ToString().ToLowerInvariant(), TwoStagesIn(mode));
        var ids = await Task.WhenAll(StartAsync(pipeline), StartAsync(pipeline));
        return (pipeline, ids);
    }

    [Theory]
    [InlineData(ExecutionMode.Superseded)]
    [InlineData(ExecutionMode.Queued)]
    public async Task One_at_a_time_modes_let_one_in_the_other_waits_and_both_finish(ExecutionMode mode)
    {
        var (pipeline, ids) = await StartTwoTogetherAsync(mode);
        var first = await Agent.AcquireOneAsync();
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.3));
        var second = ids.Single(id => id != first.ExecutionId);
        Assert.Equal(StageStatus.Waiting, (await RunOf(second)).Stages[0].Status);
        var gate = await Stage(pipeline, "Build").GetAsync();
        Assert.Equal([first.ExecutionId], gate.Occupants);
        Assert.Equal([second], gate.Waiting);

        await Agent.SucceedAsync(first);
        // The first moves on to Deploy while the second enters Build: two stages, two executions, one each.
        var next = (await Agent.AcquireAsync()).ToList();
        while (next.Count < 2) next.AddRange(await Agent.AcquireAsync());
        Assert.Equal([(first.ExecutionId, "Deploy"), (second, "Build")], next.Select(j => (j.ExecutionId, j.Stage)).OrderBy(j => j.Stage == "Build"));
        foreach (var job in next) await Agent.SucceedAsync(job);
        await SucceedAllAsync(ids);
        Assert.All(await Task.WhenAll(ids.Select(RunOf)), r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task Parallel_mode_runs_both_at_once()
    {
        var (_, ids) = await StartTwoTogetherAsync(ExecutionMode.Parallel);
        var jobs = (await Agent.AcquireAsync()).ToList();
        while (jobs.Count < 2) jobs.AddRange(await Agent.AcquireAsync());
        Assert.Equal(ids.Order(), jobs.Select(j => j.ExecutionId).Order());
        foreach (var job in jobs) await Agent.SucceedAsync(job);
        await SucceedAllAsync(ids);
    }

    [Fact]
    public async Task Superseded_mode_three_together_replaces_the_waiting_one()
    {
        var pipeline = await ApplyAsync("three", TwoStagesIn(ExecutionMode.Superseded));
        var ids = await Task.WhenAll(StartAsync(pipeline), StartAsync(pipeline), StartAsync(pipeline));
        var runs = await Eventually.ReachAsync(() => Task.WhenAll(ids.Select(RunOf)), r => r.Count(x => x.Status == ExecutionStatus.Superseded) == 1,
            "exactly one of three is superseded");
        var superseded = runs.Single(r => r.Status == ExecutionStatus.Superseded);
        Assert.Equal(StageStatus.Cancelled, superseded.Stages[0].Status);
        Assert.StartsWith("superseded by ", superseded.StatusSummary);
        var others = ids.Where(id => id != superseded.Id).ToArray();
        await SucceedAllAsync(others);
        Assert.All(await Task.WhenAll(others.Select(RunOf)), r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
    }
}
