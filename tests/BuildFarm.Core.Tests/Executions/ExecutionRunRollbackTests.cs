using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunRollbackTests
{
    private static RunDriver Succeeded()
    {
        var d = new RunDriver(variables: new Dictionary<string, string> { ["Env"] = "prod" });
        var build = d.ThroughSourceToBuild();
        d.Succeed(d.Lease(build.Enqueue[0]), new Dictionary<string, string> { ["VERSION"] = "1.0" });
        d.Succeed(d.Lease(d.Succeed(d.Lease(build.Enqueue[1])).Enqueue[0]));
        d.Succeed(d.Lease(Assert.Single(d.Run.StageAdmitted(2, d.Now).Enqueue)));
        Assert.Equal(ExecutionStatus.Succeeded, d.Run.Status);
        return d;
    }

    [Fact]
    public void A_rollback_runs_only_its_stage_with_the_targets_artifacts_variables_and_version()
    {
        var target = Succeeded();
        var source = target.Run.RollbackSourceFor("Deploy");
        var rollback = ExecutionRun.CreateRollback("exec-rb", source, automated: false, "manual rollback", RunDriver.Start);
        Assert.Equal((ExecutionType.Rollback, 7, "Deploy", "exec-1"),
            (rollback.Type, rollback.PipelineVersion, rollback.RollbackOf!.Stage, rollback.RollbackOf.TargetExecutionId));
        Assert.Equal("prod", rollback.Variables["Env"]);
        Assert.Equal([StageStatus.Skipped, StageStatus.Skipped, StageStatus.Pending], rollback.Stages.Select(s => s.Status));

        Assert.Equal(2, rollback.Begin(RunDriver.Start).EnterStage);
        var ship = Assert.Single(rollback.StageAdmitted(2, RunDriver.Start).Enqueue);
        var job = rollback.GrantLease(ship.JobId, "a", "a", "l-1", RunDriver.Start, RunDriver.LeaseTtl)!;
        Assert.Equal(target.Action("Build", "compile").Outputs, job.Inputs);
        Assert.Equal("release-1.0", job.Configuration["WorkingDirectory"]);
        Assert.Equal(["ship prod exec-rb exec-rb app 7"], job.Commands);
        var (done, _) = rollback.Complete(ship.JobId, "l-1", RunDriver.Success(job), RunDriver.Start);
        Assert.Equal((2, true, false), (done.LeaveStage, done.Finished, done.LeftSucceeded));
        Assert.Null(done.EnterStage);
        Assert.Equal(ExecutionStatus.Succeeded, rollback.Status);
    }

    [Fact]
    public void A_target_must_have_succeeded_through_the_stage_must_not_be_a_rollback_and_a_source_stage_cannot_be_rolled_back()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        d.Fail(d.Lease(build.Enqueue[0]));
        d.Succeed(d.Lease(build.Enqueue[1]));
        Assert.Equal("execution 'exec-1' did not succeed through stage 'Build' (the stage is Failed); choose an execution that did",
            Assert.Throws<ExecutionRuleException>(() => d.Run.RollbackSourceFor("Build")).Message);
        Assert.Equal("stage 'Source' holds Source actions; a source stage cannot be rolled back",
            Assert.Throws<ExecutionRuleException>(() => d.Run.RollbackSourceFor("Source")).Message);

        var rollback = ExecutionRun.CreateRollback("exec-rb", Succeeded().Run.RollbackSourceFor("Deploy"), true, "auto", RunDriver.Start);
        Assert.Contains("is itself a rollback", Assert.Throws<ExecutionRuleException>(() => rollback.RollbackSourceFor("Deploy")).Message);
    }
}
