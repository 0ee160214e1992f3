using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class ExecutionFlowTests(FarmCluster farm)
{
    private readonly TestAgent agent = new(farm.Grains, "flow");

    private async Task<string> StartAsync(Core.Definitions.PipelineDefinition definition)
    {
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        return (await pipeline.StartManualAsync(new ManualStart { Trigger = "test" })).ExecutionId;
    }

    private IExecutionGrain Execution(string id) => farm.Grains.GetGrain<IExecutionGrain>(id);

    [Fact]
    public async Task Stages_run_in_order_and_runOrder_groups_one_after_another()
    {
        var id = await StartAsync(Pipelines.ThreeStages(Pipelines.UniqueName("order")));

        var compile = await agent.AcquireOneAsync();
        Assert.Equal("Build/Compile", $"{compile.Stage}/{compile.Action}");
        await agent.SucceedAsync(compile);

        var group1 = await agent.AcquireAsync();
        Assert.Equal(["A", "B"], group1.Select(j => j.Action).Order());
        await agent.SucceedAsync(group1[0]);
        Assert.Empty(await agent.AcquireAsync(waitSeconds: 0.3)); // C waits for all of group 1
        await agent.SucceedAsync(group1[1]);

        var c = await agent.AcquireOneAsync();
        Assert.Equal("C", c.Action);
        await agent.SucceedAsync(c);
        var ship = await agent.AcquireOneAsync();
        Assert.Equal("Deploy/Ship", $"{ship.Stage}/{ship.Action}");
        var bin = Assert.Single(ship.Inputs);
        Assert.Equal("bin", bin.Name);
        await agent.SucceedAsync(ship);

        var run = await Execution(id).GetAsync();
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.All(run.Stages, s => Assert.Equal(StageStatus.Succeeded, s.Status));
        Assert.Equal(run.Stages[0].Actions[0].Outputs.Single().Digest, bin.Digest);
    }

    [Fact]
    public async Task A_failed_action_fails_its_stage_and_the_execution_and_nothing_later_runs()
    {
        var id = await StartAsync(Pipelines.ThreeStages(Pipelines.UniqueName("fail")));
        await agent.SucceedAsync(await agent.AcquireOneAsync());
        var group1 = (await agent.AcquireAsync()).OrderBy(j => j.Action).ToList();

        await agent.FailAsync(group1[0], exitCode: 3);
        Assert.Equal(ExecutionStatus.InProgress, (await Execution(id).GetSummaryAsync()).Status); // B still runs
        await agent.SucceedAsync(group1[1]);

        var run = await Execution(id).GetAsync();
        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains("stage 'Test' failed: action 'A'", run.StatusSummary);
        Assert.Equal(StageStatus.Failed, run.Stages[1].Status);
        Assert.Equal(ActionStatus.Pending, run.Stages[1].Actions[2].Status);
        Assert.Equal(StageStatus.Pending, run.Stages[2].Status);
        Assert.Equal(3, run.Stages[1].Actions[0].Attempts.Single().ExitCode);
        Assert.Empty(await agent.AcquireAsync(waitSeconds: 0.3));
    }

    [Fact]
    public async Task State_survives_deactivation_and_lost_queue_entries_come_back()
    {
        var id = await StartAsync(Pipelines.ThreeStages(Pipelines.UniqueName("deact")));
        await agent.SucceedAsync(await agent.AcquireOneAsync());

        // A and B are queued, not leased. The queue keeps them only in memory: lose it, and the execution too.
        await farm.Cluster.DeactivateAsync((IAddressable)farm.Grains.GetGrain<IJobQueueGrain>(Core.Definitions.AgentLabels.DefaultPool));
        await farm.Cluster.DeactivateAsync((IAddressable)Execution(id));
        await farm.Cluster.WaitForDeactivationAsync((IAddressable)Execution(id));

        var run = await Execution(id).GetAsync(); // reactivates from storage and puts its queued jobs back
        Assert.Equal(StageStatus.Succeeded, run.Stages[0].Status);
        Assert.Equal([ActionStatus.Queued, ActionStatus.Queued, ActionStatus.Pending], run.Stages[1].Actions.Select(a => a.Status));

        var group1 = await agent.AcquireAsync();
        Assert.Equal(["A", "B"], group1.Select(j => j.Action).Order());
        await farm.Cluster.DeactivateAsync((IAddressable)Execution(id));
        foreach (var job in group1) await agent.SucceedAsync(job); // leases survived the deactivation too
        await agent.SucceedAsync(await agent.AcquireOneAsync());
        await agent.SucceedAsync(await agent.AcquireOneAsync());
        Assert.Equal(ExecutionStatus.Succeeded, (await Execution(id).GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task An_expired_lease_sends_the_job_back_and_its_late_result_is_refused()
    {
        var id = await StartAsync(Pipelines.OneAction(Pipelines.UniqueName("expire")));
        var first = await agent.AcquireOneAsync();

        // Nobody renews the lease: once its time has passed, it expires and the job is queued again as attempt 2.
        FarmCluster.Clock.Advance(FarmCluster.LeaseTtl + TimeSpan.FromSeconds(1));
        var second = await agent.AcquireOneAsync();
        Assert.Equal(first.Action, second.Action);
        Assert.Equal(2, second.Attempt);

        var refused = await Assert.ThrowsAsync<FarmException>(() => agent.SucceedAsync(first));
        Assert.Equal(FarmErrorCode.FailedPrecondition, refused.Code);
        await agent.SucceedAsync(second);

        var action = (await Execution(id).GetAsync()).Stages[0].Actions[0];
        Assert.Equal(ActionStatus.Succeeded, action.Status);
        Assert.Equal([AttemptStatus.Failed, AttemptStatus.Succeeded], action.Attempts.Select(a => a.Status));
        Assert.Equal(ErrorKind.LeaseExpired, action.Attempts[0].ErrorKind);
    }

    [Fact]
    public async Task Renewed_leases_stay_live()
    {
        var id = await StartAsync(Pipelines.OneAction(Pipelines.UniqueName("renew")));
        var job = await agent.AcquireOneAsync();
        var lease = new LeaseRef(job.ExecutionId, job.JobId, job.LeaseId);
        // Three times the lease's life passes, renewed at every half of it; the expiry check runs meanwhile.
        for (var i = 0; i < 6; i++)
        {
            Assert.Empty(await Execution(id).RenewLeasesAsync([lease]));
            FarmCluster.Clock.Advance(FarmCluster.LeaseTtl / 2);
            await Task.Delay(FarmCluster.WatchdogPeriod / 2);
        }
        await agent.SucceedAsync(job);
        Assert.Single((await Execution(id).GetAsync()).Stages[0].Actions[0].Attempts);
    }

    [Fact]
    public async Task A_second_result_for_the_same_lease_is_refused()
    {
        await StartAsync(Pipelines.OneAction(Pipelines.UniqueName("twice")));
        var job = await agent.AcquireOneAsync();
        await agent.SucceedAsync(job);
        var refused = await Assert.ThrowsAsync<FarmException>(() => agent.FailAsync(job));
        Assert.Equal(FarmErrorCode.FailedPrecondition, refused.Code);
    }
}
