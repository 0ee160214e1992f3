using System.Text.Json;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

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

    private const string Chain = """
        name: chain
        stages:
          - name: One
            actions:
              - {name: a, category: Build, provider: Commands, commands: [a]}
          - name: Two
            actions:
              - {name: b, category: Build, provider: Commands, commands: [b], cache: false}
        """;

    [Fact]
    public async Task A_stage_admitted_to_queue_jobs_is_written_with_its_first_lease_and_a_reload_before_that_admits_it_again()
    {
        var id = await StartAsync(await ApplyAsync("admit", Chain));
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        var admitted = await UntilAsync(id, r => r.Stages[1].Status == StageStatus.InProgress, "stage Two admitted");
        // In memory the stage runs; the store has it waiting at its gate until its job's lease is written.
        Assert.Equal(StageStatus.Waiting, (await StoredAsync(id)).Stages[1].Status);

        FarmCluster.Clock.Advance(TimeSpan.FromSeconds(5));
        await Farm.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reloaded = await RunOf(id);
        // The new activation found the stage waiting and its gate (which knows it) let it in again: a later admission.
        Assert.Equal(StageStatus.InProgress, reloaded.Stages[1].Status);
        Assert.True(reloaded.Stages[1].StartedAt > admitted.Stages[1].StartedAt);

        var job = await Agent.AcquireOneAsync();
        Assert.Equal("b", job.Action);
        var stored = await StoredAsync(id);
        Assert.Equal(StageStatus.InProgress, stored.Stages[1].Status);
        Assert.Equal(ActionStatus.InProgress, stored.Stages[1].Actions[0].Status);
        await Agent.SucceedAsync(job);
        var end = await EndOfAsync(id);
        Assert.Equal(ExecutionStatus.Succeeded, end.Status);
        Assert.Equal([1, 1], end.Stages.Select(s => s.Actions[0].Attempts.Count));
    }

    /// <summary>The run as the store has it (what a new activation would load).</summary>
    private async Task<ExecutionRun> StoredAsync(string id)
    {
        var silo = (InProcessSiloHandle)Farm.Cluster.Silos[0];
        var stored = await silo.SiloHost.Services.GetRequiredService<IExecutionStore>().ReadAsync(id, CancellationToken.None);
        Assert.NotNull(stored);
        return stored.Restore(id);
    }

    /// <summary>The run without lease deadlines, which a recovering activation extends so that agents can renew them.</summary>
    private static string Comparable(ExecutionRun run)
    {
        var copy = run.DeepCopy();
        foreach (var attempt in copy.Stages.SelectMany(s => s.Actions).SelectMany(a => a.Attempts)) attempt.LeaseDeadline = null;
        return JsonSerializer.Serialize(copy);
    }
}
