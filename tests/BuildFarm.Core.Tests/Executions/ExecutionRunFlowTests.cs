using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunFlowTests
{
    [Fact]
    public void Three_stages_run_to_success_with_the_effects_of_each_step()
    {
        var d = new RunDriver();
        var run = d.Run;
        Assert.Equal(ExecutionStatus.InProgress, run.Status);
        Assert.Equal(-1, run.CurrentStage);
        Assert.All(run.Stages, s => Assert.Equal(StageStatus.Pending, s.Status));

        var begun = run.Begin(d.Now);
        Assert.Equal(0, begun.EnterStage);
        Assert.Null(begun.LeaveStage);
        Assert.Empty(begun.Enqueue);
        Assert.Equal(StageStatus.Waiting, run.Stages[0].Status);
        Assert.Equal(d.Now, run.StartedAt);
        Assert.True(run.Begin(d.Now).IsEmpty);

        var admitted = run.StageAdmitted(0, d.Now);
        Assert.Equal([RunDriver.JobId("Source", "checkout")], RunDriver.Ids(admitted));
        Assert.Equal("default", admitted.Enqueue[0].Pool);
        Assert.Equal(StageStatus.InProgress, run.Stages[0].Status);
        Assert.Equal(ActionStatus.Queued, d.Action("Source", "checkout").Status);
        Assert.True(run.StageAdmitted(0, d.Now).IsEmpty);

        var checkout = d.Lease(admitted.Enqueue[0]);
        Assert.Equal(ActionStatus.InProgress, d.Action("Source", "checkout").Status);
        Assert.Equal(("Folder", "/repo", 1), (checkout.Provider, checkout.Configuration["Path"], checkout.Attempt));
        Assert.Equal(d.Now + RunDriver.LeaseTtl, checkout.LeaseDeadline);
        Assert.Empty(checkout.Inputs);

        var sourceDone = d.Succeed(checkout);
        Assert.Equal((0, 1), (sourceDone.LeaveStage, sourceDone.EnterStage));
        Assert.Empty(sourceDone.Enqueue);
        Assert.False(sourceDone.Finished);
        Assert.Equal(StageStatus.Succeeded, run.Stages[0].Status);
        Assert.Equal(StageStatus.Waiting, run.Stages[1].Status);
        Assert.Equal(1, run.CurrentStage);

        var build = run.StageAdmitted(1, d.Now);
        Assert.Equal([RunDriver.JobId("Build", "compile"), RunDriver.JobId("Build", "lint")], RunDriver.Ids(build));
        Assert.Equal(ActionStatus.Pending, d.Action("Build", "unit").Status);
        var compile = d.Lease(build.Enqueue[0]);
        var lint = d.Lease(build.Enqueue[1]);
        Assert.Equal([new ArtifactRef("src", RunDriver.DigestOf("src"))], compile.Inputs);

        var compiled = d.Succeed(compile, new Dictionary<string, string> { ["VERSION"] = "1.2.3" });
        Assert.Empty(compiled.Enqueue); // only its result for the action cache
        Assert.Equal(RunDriver.JobId("Build", "compile"), $"exec-1/Build/compile/{Assert.Single(compiled.CacheRecords).Attempt}");
        Assert.Equal(ActionStatus.Pending, d.Action("Build", "unit").Status);

        var secondGroup = d.Succeed(lint);
        Assert.Equal([RunDriver.JobId("Build", "unit")], RunDriver.Ids(secondGroup));
        Assert.Null(secondGroup.LeaveStage);
        var unit = d.Lease(secondGroup.Enqueue[0]);
        Assert.Equal([new ArtifactRef("bin", RunDriver.DigestOf("bin"))], unit.Inputs);
        Assert.Equal(["test v1.2.3"], unit.Commands);

        var buildDone = d.Succeed(unit);
        Assert.Equal((1, 2), (buildDone.LeaveStage, buildDone.EnterStage));
        var deploy = run.StageAdmitted(2, d.Now);
        var ship = d.Lease(Assert.Single(deploy.Enqueue));
        Assert.Equal("release-1.2.3", ship.Configuration["WorkingDirectory"]);
        Assert.Equal(["ship dev exec-1 exec-1 app 7"], ship.Commands);
        Assert.Equal("dev", ship.Environment["Env"]);

        var revisionBefore = run.Revision;
        d.Now += TimeSpan.FromSeconds(5);
        var finished = d.Succeed(ship);
        Assert.Equal(2, finished.LeaveStage);
        Assert.Null(finished.EnterStage);
        Assert.True(finished.Finished);
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal(d.Now, run.FinishedAt);
        Assert.All(run.Stages, s => Assert.Equal(StageStatus.Succeeded, s.Status));
        Assert.True(run.Revision > revisionBefore);
    }

    [Fact]
    public void A_failed_action_fails_the_stage_after_the_rest_of_its_group_finishes()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);
        var lint = d.Lease(build.Enqueue[1]);

        var failed = d.Fail(compile, exitCode: 2);
        Assert.True(failed.IsEmpty);
        Assert.Equal(ActionStatus.Failed, d.Action("Build", "compile").Status);
        Assert.Equal(StageStatus.InProgress, d.Run.Stages[1].Status);
        Assert.Equal(ExecutionStatus.InProgress, d.Run.Status);
        var attempt = d.Action("Build", "compile").CurrentAttempt!;
        Assert.Equal((AttemptStatus.Failed, ErrorKind.CommandFailed, 2), (attempt.Status, attempt.ErrorKind, attempt.ExitCode));

        var ended = d.Succeed(lint);
        Assert.Equal(1, ended.LeaveStage);
        Assert.Null(ended.EnterStage);
        Assert.Empty(ended.Enqueue);
        Assert.True(ended.Finished);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Equal("stage 'Build' failed: action 'compile': exited with 2", d.Run.StatusSummary);
        Assert.Equal(StageStatus.Failed, d.Run.Stages[1].Status);
        Assert.Equal(ActionStatus.Succeeded, d.Action("Build", "lint").Status);
        Assert.Equal(ActionStatus.Pending, d.Action("Build", "unit").Status);
        Assert.Empty(d.Action("Build", "unit").Attempts);
        Assert.Equal(StageStatus.Pending, d.Run.Stages[2].Status);
        Assert.Empty(d.Run.QueuedTickets());
    }

    [Fact]
    public void A_failure_in_a_single_action_group_ends_the_execution_at_once()
    {
        var d = new RunDriver();
        var effects = d.Fail(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)), exitCode: 1);
        Assert.Equal(0, effects.LeaveStage);
        Assert.True(effects.Finished);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Equal(StageStatus.Pending, d.Run.Stages[1].Status);
    }

    [Fact]
    public void A_stage_is_admitted_only_when_it_is_the_current_one()
    {
        var d = new RunDriver();
        d.Run.Begin(d.Now);
        Assert.True(d.Run.StageAdmitted(1, d.Now).IsEmpty);
        Assert.Equal(StageStatus.Pending, d.Run.Stages[1].Status);
    }

    [Fact]
    public void A_pipeline_without_stages_succeeds_when_it_begins()
    {
        var definition = new PipelineDefinition { Name = "empty" };
        var run = ExecutionRun.Create("exec-0", 1, definition, new Dictionary<string, string>(), "manual", RunDriver.Start);
        var revision = run.Revision;
        var effects = run.Begin(RunDriver.Start);
        Assert.True(effects.Finished);
        Assert.Null(effects.EnterStage);
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.True(run.Revision > revision);
    }
}
