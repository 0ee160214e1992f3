using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunDeadlineTests
{
    [Fact]
    public void A_job_whose_agent_keeps_renewing_past_its_timeout_is_ended_by_the_server()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var attempt = d.Action("Build", "compile").CurrentAttempt!;
        // Default 60 minute timeout, plus the server's margin of 5 minutes and 10%.
        Assert.Equal(d.Now + TimeSpan.FromMinutes(71), attempt.TimeoutAt);
        for (var i = 0; i < 70; i++)
        {
            d.Now += TimeSpan.FromMinutes(1);
            d.Run.RenewLeases([new LeaseRef("exec-1", compile.JobId, compile.LeaseId)], d.Now, RunDriver.LeaseTtl);
            Assert.True(d.Run.CheckDeadlines(d.Now).IsEmpty);
        }
        d.Now += TimeSpan.FromMinutes(1.5);
        d.Run.RenewLeases([new LeaseRef("exec-1", compile.JobId, compile.LeaseId)], d.Now, RunDriver.LeaseTtl);
        d.Run.CheckDeadlines(d.Now);
        Assert.Equal(ErrorKind.Timeout, attempt.ErrorKind);
        Assert.StartsWith("the job exceeded its timeout of 1 hour(s) and agent 'agent-1-name' did not end it", attempt.Message);
        Assert.Equal(ActionStatus.Failed, d.Action("Build", "compile").Status);
        Assert.Equal([compile.LeaseId], d.Run.RenewLeases([new LeaseRef("exec-1", compile.JobId, compile.LeaseId)], d.Now, RunDriver.LeaseTtl));
    }

    [Fact]
    public void The_next_deadline_is_the_earliest_lease_approval_or_timeout_of_the_current_stage()
    {
        var d = new RunDriver();
        Assert.Null(d.Run.NextDeadline());
        var build = d.ThroughSourceToBuild();
        Assert.Null(d.Run.NextDeadline());
        d.Lease(build.Enqueue[0]);
        Assert.Equal(d.Now + RunDriver.LeaseTtl, d.Run.NextDeadline());
    }
}
