using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunStopTests
{
    [Fact]
    public void Stop_and_wait_abandons_what_has_not_started_keeps_the_running_job_and_ends_when_it_reports()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);
        // lint is queued but not leased yet.

        var stopping = d.Run.StopExecution(abandon: false, "alice", "wrong branch", d.Now);
        Assert.Equal(ExecutionStatus.Stopping, d.Run.Status);
        Assert.Null(stopping.LeaveStage);
        Assert.False(stopping.Finished);
        var lint = d.Action("Build", "lint");
        Assert.Equal(ActionStatus.Abandoned, lint.Status);
        Assert.Equal(AttemptStatus.Abandoned, lint.CurrentAttempt!.Status);
        Assert.Equal("abandoned: execution stopped by alice (wrong branch)", lint.CurrentAttempt.Message);
        Assert.Null(d.Run.GrantLease(lint.CurrentAttempt.JobId, "a", "a", "late-lease", d.Now, RunDriver.LeaseTtl));
        Assert.Empty(d.Run.RenewLeases([new LeaseRef("exec-1", compile.JobId, compile.LeaseId)], d.Now, RunDriver.LeaseTtl));
        Assert.True(d.Run.IsLeaseLive(compile.JobId, compile.LeaseId));

        var ended = d.Succeed(compile, new Dictionary<string, string> { ["VERSION"] = "2" });
        Assert.Equal((1, true), (ended.LeaveStage, ended.Finished));
        Assert.Empty(ended.Enqueue);
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        Assert.Equal("stopped by alice: wrong branch", d.Run.StatusSummary);
        Assert.Equal(StageStatus.Stopped, d.Run.Stages[1].Status);
        Assert.Equal(ActionStatus.Succeeded, d.Action("Build", "compile").Status);
        Assert.Equal(ActionStatus.Pending, d.Action("Build", "unit").Status);
        Assert.Equal(("alice", false), (d.Run.Stop!.By, d.Run.Stop.Abandon));
    }

    [Fact]
    public void Abandon_ends_running_jobs_at_once_and_their_leases_die()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var lint = d.Lease(build.Enqueue[1]);

        var stopped = d.Run.StopExecution(abandon: true, "bob", null, d.Now);
        Assert.Equal((1, true), (stopped.LeaveStage, stopped.Finished));
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        Assert.Equal("stopped and abandoned by bob", d.Run.StatusSummary);
        Assert.All(new[] { "compile", "lint" }, a => Assert.Equal(ActionStatus.Abandoned, d.Action("Build", a).Status));
        Assert.Equal([compile.LeaseId, lint.LeaseId],
            d.Run.RenewLeases([new LeaseRef("exec-1", compile.JobId, compile.LeaseId), new LeaseRef("exec-1", lint.JobId, lint.LeaseId)], d.Now, RunDriver.LeaseTtl));
        Assert.False(d.Run.IsLeaseLive(compile.JobId, compile.LeaseId));
        Assert.Contains("no longer live", d.Run.Complete(compile.JobId, compile.LeaseId, RunDriver.Success(compile), d.Now).Refusal);
    }

    [Fact]
    public void Abandon_upgrades_a_stop_that_is_waiting_and_a_second_plain_stop_is_refused()
    {
        var d = new RunDriver();
        var compile = d.Lease(d.ThroughSourceToBuild().Enqueue[0]);
        d.Run.StopExecution(false, "alice", "first", d.Now);
        var refused = Assert.Throws<ExecutionRuleException>(() => d.Run.StopExecution(false, "alice", null, d.Now));
        Assert.Equal(ExecutionRuleError.FailedPrecondition, refused.Kind);
        Assert.Contains("already stopping", refused.Message);

        var stopped = d.Run.StopExecution(true, "carol", null, d.Now);
        Assert.True(stopped.Finished);
        Assert.Equal("stopped and abandoned by carol: first", d.Run.StatusSummary);
        Assert.Equal(AttemptStatus.Abandoned, d.Action("Build", "compile").CurrentAttempt!.Status);
        Assert.False(d.Run.IsLeaseLive(compile.JobId, compile.LeaseId));
    }

    [Fact]
    public void A_stop_of_an_execution_waiting_at_a_gate_leaves_the_gate_and_an_ended_execution_cannot_be_stopped()
    {
        var d = new RunDriver();
        d.Run.Begin(d.Now);
        var stopped = d.Run.StopExecution(false, "alice", null, d.Now);
        Assert.Equal((0, true), (stopped.LeaveStage, stopped.Finished));
        Assert.Equal(StageStatus.Stopped, d.Run.Stages[0].Status);
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        var again = Assert.Throws<ExecutionRuleException>(() => d.Run.StopExecution(true, "alice", null, d.Now));
        Assert.Equal("execution 'exec-1' has already ended (Stopped: stopped by alice); there is nothing to stop", again.Message);
    }

    [Fact]
    public void A_job_failing_after_a_stop_is_not_retried()
    {
        var d = new RunDriver();
        var compile = d.Lease(d.ThroughSourceToBuild().Enqueue[0]);
        d.Run.StopExecution(false, "alice", null, d.Now);
        d.Now += RunDriver.LeaseTtl * 2;
        var expired = d.Run.CheckDeadlines(d.Now);
        Assert.True(expired.Finished);
        Assert.Single(d.Action("Build", "compile").Attempts);
        Assert.Equal(ErrorKind.LeaseExpired, d.Action("Build", "compile").CurrentAttempt!.ErrorKind);
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        Assert.NotNull(compile);
    }
}
