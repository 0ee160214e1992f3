using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class StopTests(FarmCluster farm) : GrainTest(farm, "stop")
{
    [Fact]
    public async Task Stop_and_wait_keeps_the_running_job_alive_until_it_reports_then_the_execution_is_Stopped()
    {
        var pipeline = await ApplyAsync("stopwait", TwoStagesIn(ExecutionMode.Queued));
        var id = await StartAsync(pipeline);
        var job = await Agent.AcquireOneAsync();

        var summary = await Execution(id).StopAsync(false, "alice", "bad commit");
        Assert.Equal(ExecutionStatus.Stopping, summary.Status);
        Assert.Empty(await Execution(id).RenewLeasesAsync([new LeaseRef(id, job.JobId, job.LeaseId)]));
        Assert.True(await Execution(id).IsLeaseLiveAsync(job.JobId, job.LeaseId));

        await Agent.SucceedAsync(job);
        var run = await RunOf(id);
        Assert.Equal((ExecutionStatus.Stopped, "stopped by alice: bad commit"), (run.Status, run.StatusSummary));
        Assert.Equal(ActionStatus.Succeeded, run.Stages[0].Actions[0].Status);
        Assert.Equal(StageStatus.Pending, run.Stages[1].Status);
        Assert.Empty((await Stage(pipeline, "Build").GetAsync()).Occupants);
    }

    [Fact]
    public async Task Abandon_kills_the_lease_at_once_refuses_the_late_result_and_lets_the_next_execution_in()
    {
        var pipeline = await ApplyAsync("abandon", TwoStagesIn(ExecutionMode.Queued));
        var id = await StartAsync(pipeline);
        var job = await Agent.AcquireOneAsync();
        var next = await StartAsync(pipeline);
        Assert.Equal(StageStatus.Waiting, (await RunOf(next)).Stages[0].Status);

        var summary = await Execution(id).StopAsync(true, "bob", null);
        Assert.Equal((ExecutionStatus.Stopped, "stopped and abandoned by bob"), (summary.Status, summary.StatusSummary));
        Assert.Equal([job.LeaseId], await Execution(id).RenewLeasesAsync([new LeaseRef(id, job.JobId, job.LeaseId)]));
        var late = await RefusedAsync(() => Agent.SucceedAsync(job), FarmErrorCode.FailedPrecondition);
        Assert.Contains("is no longer live (the attempt is Abandoned: abandoned: execution stopped by bob)", late.Message);

        var admitted = await Agent.AcquireOneAsync();
        Assert.Equal(next, admitted.ExecutionId);
        await Agent.SucceedAsync(admitted);
        await SucceedAllAsync(next);
        await RefusedAsync(() => Execution(id).StopAsync(true, "bob", null), FarmErrorCode.FailedPrecondition);
    }
}
