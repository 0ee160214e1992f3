using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunLeaseTests
{
    private static (RunDriver Driver, ExecutionEffects Build) AtBuild()
    {
        var d = new RunDriver();
        return (d, d.ThroughSourceToBuild());
    }

    [Fact]
    public void A_result_with_another_lease_is_refused_and_changes_nothing()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var revision = d.Run.Revision;

        var (effects, refusal) = d.Run.Complete(compile.JobId, "lease-of-someone-else", RunDriver.Success(compile), d.Now);
        Assert.Equal($"lease 'lease-of-someone-else' is not the lease of job '{compile.JobId}'", refusal);
        Assert.True(effects.IsEmpty);
        Assert.Equal(revision, d.Run.Revision);
        Assert.Equal(ActionStatus.InProgress, d.Action("Build", "compile").Status);
        Assert.Empty(d.Action("Build", "compile").Outputs);
    }

    [Fact]
    public void A_result_for_a_job_of_another_execution_or_an_unknown_action_is_refused()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var other = new JobId("exec-2", "Build", "compile", 1).ToString();
        Assert.Equal($"job '{other}' does not belong to execution 'exec-1' or is not its action's current attempt",
            d.Run.Complete(other, compile.LeaseId, RunDriver.Success(compile), d.Now).Refusal);
        Assert.NotNull(d.Run.Complete(RunDriver.JobId("Build", "nope"), compile.LeaseId, RunDriver.Success(compile), d.Now).Refusal);
        Assert.NotNull(d.Run.Complete("not a job id", compile.LeaseId, RunDriver.Success(compile), d.Now).Refusal);
        Assert.Equal(ActionStatus.InProgress, d.Action("Build", "compile").Status);
    }

    [Fact]
    public void A_second_result_for_the_same_lease_is_refused()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        d.Succeed(compile, new Dictionary<string, string> { ["VERSION"] = "1" });
        var revision = d.Run.Revision;

        var (effects, refusal) = d.Run.Complete(compile.JobId, compile.LeaseId, JobResult.Failure(ErrorKind.CommandFailed, "late"), d.Now);
        Assert.Equal($"lease '{compile.LeaseId}' of job '{compile.JobId}' is no longer live (the attempt is Succeeded)", refusal);
        Assert.True(effects.IsEmpty);
        Assert.Equal(revision, d.Run.Revision);
        Assert.Equal(ActionStatus.Succeeded, d.Action("Build", "compile").Status);
    }

    [Fact]
    public void An_expired_lease_fails_the_attempt_and_queues_the_next_until_the_attempts_run_out()
    {
        var (d, build) = AtBuild();
        var lint = d.Lease(build.Enqueue[1]);
        d.Lease(build.Enqueue[0]);
        d.Succeed(lint);
        Assert.True(d.Run.ExpireLeases(d.Now + RunDriver.LeaseTtl).IsEmpty);

        for (var attempt = 1; attempt < ExecutionRun.MaxInfrastructureAttempts; attempt++)
        {
            d.Now += RunDriver.LeaseTtl + TimeSpan.FromSeconds(1);
            var retried = d.Run.ExpireLeases(d.Now);
            Assert.Equal([RunDriver.JobId("Build", "compile", attempt + 1)], RunDriver.Ids(retried));
            var compile = d.Action("Build", "compile");
            Assert.Equal((AttemptStatus.Failed, ErrorKind.LeaseExpired), (compile.Attempts[^2].Status, compile.Attempts[^2].ErrorKind));
            Assert.Contains("stopped renewing it", compile.Attempts[^2].Message);
            Assert.Equal(ActionStatus.Queued, compile.Status);
            Assert.Equal(attempt + 1, d.Lease(retried.Enqueue[0]).Attempt);
        }

        d.Now += RunDriver.LeaseTtl + TimeSpan.FromSeconds(1);
        var final = d.Run.ExpireLeases(d.Now);
        Assert.Empty(final.Enqueue);
        Assert.Equal(1, final.LeaveStage);
        Assert.True(final.Finished);
        Assert.Equal(ActionStatus.Failed, d.Action("Build", "compile").Status);
        Assert.Equal(ExecutionRun.MaxInfrastructureAttempts, d.Action("Build", "compile").Attempts.Count);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
    }

    [Fact]
    public void A_result_from_an_expired_attempt_is_refused()
    {
        var (d, build) = AtBuild();
        var first = d.Lease(build.Enqueue[0]);
        d.Now += RunDriver.LeaseTtl + TimeSpan.FromSeconds(1);
        var retry = d.Run.ExpireLeases(d.Now);

        var (_, refusal) = d.Run.Complete(first.JobId, first.LeaseId, RunDriver.Success(first), d.Now);
        Assert.Equal($"job '{first.JobId}' does not belong to execution 'exec-1' or is not its action's current attempt", refusal);
        Assert.Equal(ActionStatus.Queued, d.Action("Build", "compile").Status);
        Assert.Equal([retry.Enqueue[0]], d.Run.QueuedTickets().Where(t => t.JobId.Contains("compile")));
    }

    [Fact]
    public void Renewing_extends_live_leases_and_reports_the_dead_ones()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var lint = d.Lease(build.Enqueue[1]);
        d.Succeed(lint);
        d.Now += TimeSpan.FromSeconds(30);

        var dead = d.Run.RenewLeases(
        [
            new LeaseRef("exec-1", compile.JobId, compile.LeaseId),
            new LeaseRef("exec-1", lint.JobId, lint.LeaseId),
            new LeaseRef("exec-1", compile.JobId, "forged"),
            new LeaseRef("exec-1", RunDriver.JobId("Build", "gone"), "lease-x"),
        ], d.Now, RunDriver.LeaseTtl);

        Assert.Equal([lint.LeaseId, "forged", "lease-x"], dead);
        Assert.Equal(d.Now + RunDriver.LeaseTtl, d.Action("Build", "compile").CurrentAttempt!.LeaseDeadline);
        Assert.Equal(d.Now + RunDriver.LeaseTtl, d.Run.NextLeaseDeadline());
        Assert.True(d.Run.ExpireLeases(compile.LeaseDeadline + TimeSpan.FromSeconds(1)).IsEmpty);
    }

    [Fact]
    public void Granting_refuses_a_leased_job_a_replaced_attempt_and_an_ended_execution()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        Assert.Null(d.Run.GrantLease(compile.JobId, "agent-2", "two", "lease-again", d.Now, RunDriver.LeaseTtl));
        Assert.Equal(compile.LeaseId, d.Action("Build", "compile").CurrentAttempt!.LeaseId);

        d.Now += RunDriver.LeaseTtl + TimeSpan.FromSeconds(1);
        d.Run.ExpireLeases(d.Now);
        Assert.Null(d.Run.GrantLease(compile.JobId, "agent-2", "two", "lease-old", d.Now, RunDriver.LeaseTtl));
        Assert.Null(d.Run.GrantLease(RunDriver.JobId("Build", "unit"), "agent-2", "two", "lease-unit", d.Now, RunDriver.LeaseTtl));

        d.Fail(d.Lease(RunDriver.JobId("Build", "lint")));
        var retry = d.Lease(RunDriver.JobId("Build", "compile", 2));
        d.Succeed(retry, new Dictionary<string, string> { ["VERSION"] = "1" });
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Null(d.Run.GrantLease(RunDriver.JobId("Build", "unit"), "agent-2", "two", "lease-late", d.Now, RunDriver.LeaseTtl));
    }

    [Fact]
    public void Queued_tickets_list_the_attempts_waiting_for_an_agent()
    {
        var (d, build) = AtBuild();
        Assert.Equal(build.Enqueue, d.Run.QueuedTickets());
        d.Lease(build.Enqueue[0]);
        Assert.Equal([build.Enqueue[1]], d.Run.QueuedTickets());
        d.Lease(build.Enqueue[1]);
        Assert.Empty(d.Run.QueuedTickets());
    }

    [Fact]
    public void Recovery_gives_running_leases_a_fresh_deadline()
    {
        var (d, build) = AtBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var restart = d.Now + TimeSpan.FromMinutes(10);
        Assert.True(compile.LeaseDeadline < restart);
        d.Run.ExtendLeasesAfterRecovery(restart, RunDriver.LeaseTtl);
        Assert.Equal(restart + RunDriver.LeaseTtl, d.Run.NextLeaseDeadline());
        Assert.True(d.Run.ExpireLeases(restart + TimeSpan.FromSeconds(30)).IsEmpty);
        Assert.Equal(ActionStatus.InProgress, d.Action("Build", "compile").Status);
    }
}
