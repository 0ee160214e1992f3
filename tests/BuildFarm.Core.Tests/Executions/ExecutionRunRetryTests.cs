using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunRetryTests
{
    private const string Flaky = """
        name: app
        stages:
          - name: Test
            actions:
              - name: flaky
                category: Test
                provider: Commands
                commands: [test]
                retry: {maxAttempts: 3, onExitCodes: [75]}
              - {name: steady, category: Test, provider: Commands, commands: [test]}
              - {name: after, category: Test, provider: Commands, commands: [test], runOrder: 2}
          - name: Deploy
            actions:
              - {name: ship, category: Build, provider: Commands, commands: [ship]}
        """;

    [Fact]
    public void A_listed_exit_code_is_retried_up_to_the_maximum_and_every_attempt_is_kept()
    {
        var d = new RunDriver(Flaky);
        var first = d.BeginAndAdmit().Enqueue;
        var retried = d.Fail(d.Lease(first[0]), exitCode: 75);
        Assert.Equal([RunDriver.JobId("Test", "flaky", 2)], RunDriver.Ids(retried));
        Assert.Equal("retried: exit code 75 is listed in retry.onExitCodes (attempt 2 of at most 3)", d.Action("Test", "flaky").Attempts[0].RetryReason);
        d.Fail(d.Lease(retried.Enqueue[0]), exitCode: 75);
        var third = d.Action("Test", "flaky").CurrentAttempt!;
        Assert.Equal(3, third.Number);
        d.Fail(d.Lease(third.JobId), exitCode: 75);
        Assert.Equal(ActionStatus.Failed, d.Action("Test", "flaky").Status);
        Assert.Equal(3, d.Action("Test", "flaky").Attempts.Count);
        Assert.Null(d.Action("Test", "flaky").Attempts[2].RetryReason);
    }

    [Fact]
    public void An_exit_code_not_listed_fails_at_once_and_infrastructure_failures_are_retried_by_default()
    {
        var d = new RunDriver(Flaky);
        var first = d.BeginAndAdmit().Enqueue;
        Assert.Empty(d.Fail(d.Lease(first[0]), exitCode: 1).Enqueue);
        Assert.Equal(ActionStatus.Failed, d.Action("Test", "flaky").Status);

        var steady = d.Lease(first[1]);
        var infra = d.Complete(steady, JobResult.Failure(ErrorKind.WorkspaceError, "disk full"));
        Assert.Equal([RunDriver.JobId("Test", "steady", 2)], RunDriver.Ids(infra));
        Assert.Equal("retried: WorkspaceError is an infrastructure failure (attempt 2 of at most 3)", d.Action("Test", "steady").Attempts[0].RetryReason);
    }

    [Fact]
    public void Retrying_failed_actions_runs_only_those_again_then_the_later_groups_and_stages_with_the_same_artifacts()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        d.Fail(d.Lease(build.Enqueue[0]), exitCode: 2);
        d.Succeed(d.Lease(build.Enqueue[1]));
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        var sourceDigest = d.Action("Source", "checkout").Outputs[0].Digest;

        d.Now += TimeSpan.FromMinutes(1);
        var retry = d.Run.RetryStage("Build", StageRetryMode.FailedActions, "alice", d.Now);
        Assert.Equal((1, true), (retry.EnterStage, retry.Reenter));
        Assert.Equal(ExecutionStatus.InProgress, d.Run.Status);
        Assert.Null(d.Run.FinishedAt);
        Assert.True(d.Run.Stages[1].Reentering);
        var record = Assert.Single(d.Run.Stages[1].Retries);
        Assert.Equal(("alice", StageRetryMode.FailedActions, false), (record.By, record.Mode, record.Automated));

        var admitted = d.Run.StageAdmitted(1, d.Now);
        var compile = d.Lease(Assert.Single(admitted.Enqueue));
        Assert.Equal(2, compile.Attempt);
        Assert.Equal(sourceDigest, compile.Inputs[0].Digest);
        Assert.Equal(ActionStatus.Succeeded, d.Action("Build", "lint").Status);
        Assert.Single(d.Action("Build", "lint").Attempts);
        var unit = d.Succeed(compile, new Dictionary<string, string> { ["VERSION"] = "9" });
        d.Succeed(d.Lease(Assert.Single(unit.Enqueue)));
        var deploy = d.Run.StageAdmitted(2, d.Now);
        var ship = d.Succeed(d.Lease(Assert.Single(deploy.Enqueue)));
        Assert.True(ship.Finished);
        Assert.Equal(ExecutionStatus.Succeeded, d.Run.Status);
        Assert.Equal(2, d.Action("Build", "compile").Attempts.Count);
    }

    [Fact]
    public void Retrying_all_actions_runs_every_action_of_the_stage_again()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        d.Fail(d.Lease(build.Enqueue[0]));
        d.Succeed(d.Lease(build.Enqueue[1]));
        d.Run.RetryStage("Build", StageRetryMode.AllActions, "alice", d.Now);
        var admitted = d.Run.StageAdmitted(1, d.Now);
        Assert.Equal([RunDriver.JobId("Build", "compile", 2), RunDriver.JobId("Build", "lint", 2)], RunDriver.Ids(admitted));
    }

    [Fact]
    public void A_retry_is_refused_unless_the_stage_failed_in_a_failed_execution()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var running = Assert.Throws<ExecutionRuleException>(() => d.Run.CheckRetry("Build"));
        Assert.Equal("execution 'exec-1' is InProgress; only a stage of a failed execution can be retried (wait for it to end, or stop it)", running.Message);
        d.Fail(d.Lease(build.Enqueue[0]));
        d.Succeed(d.Lease(build.Enqueue[1]));
        Assert.Equal("stage 'Source' is Succeeded; only the failed stage can be retried (stage 'Build' failed)",
            Assert.Throws<ExecutionRuleException>(() => d.Run.CheckRetry("Source")).Message);
        Assert.Equal(ExecutionRuleError.NotFound, Assert.Throws<ExecutionRuleException>(() => d.Run.CheckRetry("Nope")).Kind);
    }

    [Fact]
    public void A_refused_reentry_puts_the_execution_back_as_it_was()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        d.Fail(d.Lease(build.Enqueue[0]));
        d.Succeed(d.Lease(build.Enqueue[1]));
        d.Run.RetryStage("Build", StageRetryMode.AllActions, "alice", d.Now);
        var refused = d.Run.ReentryRefused("Build", "execution 'ex-2' entered the stage after this one", d.Now);
        Assert.True(refused.Finished);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Equal("retry of stage 'Build' refused: execution 'ex-2' entered the stage after this one", d.Run.StatusSummary);
        Assert.Equal((ActionStatus.Failed, ActionStatus.Succeeded), (d.Action("Build", "compile").Status, d.Action("Build", "lint").Status));
        Assert.Equal("execution 'ex-2' entered the stage after this one", d.Run.Stages[1].Retries[0].Refused);
    }
}
