using System.Text.Json;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

/// <summary>The execution grain's writes: leases and results write their actions, and a new activation reads them all back.</summary>
[Collection(FarmClusterCollection.Name)]
public sealed class ExecutionStoreTests(FarmCluster farm) : GrainTest(farm, "store")
{
    private const string Wide = """
        name: wide
        stages:
          - name: Build
            actions:
              - {name: a, category: Build, provider: Commands, commands: [a]}
              - {name: b, category: Build, provider: Commands, commands: [b]}
              - {name: c, category: Build, provider: Commands, commands: [c]}
              - {name: d, category: Build, provider: Commands, commands: [d]}
          - name: Ship
            actions:
              - {name: ship, category: Build, provider: Commands, commands: [ship]}
        """;

    [Fact]
    public async Task A_new_activation_reads_back_every_lease_and_result_and_the_execution_goes_on_without_running_anything_again()
    {
        var id = await StartAsync(await ApplyAsync("store", Wide));
        var jobs = new List<JobSpec>();
        while (jobs.Count < 4) jobs.AddRange(await Agent.AcquireAsync(slots: 4 - jobs.Count));
        await Agent.SucceedAsync(jobs[0]);
        await Agent.FailAsync(jobs[1], exitCode: 3);
        var before = await RunOf(id);

        // Every idle activation goes; the execution's next call activates it from the store.
        await Farm.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await RunOf(id);

        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(Comparable(before), Comparable(after));
        await Agent.SucceedAsync(jobs[2]);
        await Agent.SucceedAsync(jobs[3]);
        var end = await EndOfAsync(id);
        Assert.Equal(ExecutionStatus.Failed, end.Status);
        Assert.Equal([1, 1, 1, 1], end.Stages[0].Actions.Select(a => a.Attempts.Count));
        Assert.Equal([ActionStatus.Succeeded, ActionStatus.Failed, ActionStatus.Succeeded, ActionStatus.Succeeded], end.Stages[0].Actions.Select(a => a.Status));
    }

    /// <summary>The run without lease deadlines, which a recovering activation extends so that agents can renew them.</summary>
    private static string Comparable(ExecutionRun run)
    {
        var copy = run.DeepCopy();
        foreach (var attempt in copy.Stages.SelectMany(s => s.Actions).SelectMany(a => a.Attempts)) attempt.LeaseDeadline = null;
        return JsonSerializer.Serialize(copy);
    }
}
