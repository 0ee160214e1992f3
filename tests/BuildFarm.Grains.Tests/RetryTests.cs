using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class RetryTests(FarmCluster farm) : GrainTest(farm, "retry")
{
    /// <summary>Runs Build, then fails Deploy's Ship: the execution has failed in Deploy.</summary>
    private async Task<string> FailedInDeployAsync(string pipeline)
    {
        var id = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal((id, "Ship"), (ship.ExecutionId, ship.Action));
        await Agent.FailAsync(ship, 4);
        Assert.Equal(ExecutionStatus.Failed, (await EndOfAsync(id)).Status);
        return id;
    }

    [Fact]
    public async Task A_failed_stage_runs_again_with_the_same_artifacts_and_every_attempt_is_kept()
    {
        var pipeline = await ApplyAsync("retry", TwoStagesIn(ExecutionMode.Queued));
        var id = await FailedInDeployAsync(pipeline);
        await RefusedAsync(() => Execution(id).RetryStageAsync("Build", StageRetryMode.FailedActions, "alice"), FarmErrorCode.FailedPrecondition);

        await Execution(id).RetryStageAsync("Deploy", StageRetryMode.FailedActions, "alice");
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal(2, ship.Attempt);
        Assert.Equal((await RunOf(id)).Stages[0].Actions[0].Outputs[0].Digest, ship.Inputs[0].Digest);
        await Agent.SucceedAsync(ship);
        var run = await EndOfAsync(id);
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal([AttemptStatus.Failed, AttemptStatus.Succeeded], run.Stages[1].Actions[0].Attempts.Select(a => a.Status));
        Assert.Equal("alice", Assert.Single(run.Stages[1].Retries).By);
    }

    [Fact]
    public async Task A_retry_goes_ahead_of_a_newer_execution_waiting_at_a_disabled_transition_which_goes_on_after()
    {
        var pipeline = await ApplyAsync("retrywait", TwoStagesIn(ExecutionMode.Superseded));
        var older = await FailedInDeployAsync(pipeline);
        await Pipeline(pipeline).SetTransitionAsync("Deploy", false, "freeze", "alice");
        var newer = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await UntilAsync(newer, r => r.Stages[1].Status == StageStatus.Waiting, "the newer execution waits at Deploy");

        await Execution(older).RetryStageAsync("Deploy", StageRetryMode.AllActions, "alice");
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal(older, ship.ExecutionId);
        Assert.Equal(StageStatus.Waiting, (await RunOf(newer)).Stages[1].Status);
        await Agent.SucceedAsync(ship);
        Assert.Equal(ExecutionStatus.Succeeded, (await EndOfAsync(older)).Status);

        await Pipeline(pipeline).SetTransitionAsync("Deploy", true, null, "alice");
        await SucceedAllAsync(newer);
        Assert.Equal(ExecutionStatus.Succeeded, (await RunOf(newer)).Status);
    }

    [Fact]
    public async Task A_retry_is_refused_once_a_newer_execution_entered_the_stage()
    {
        var pipeline = await ApplyAsync("retrylate", TwoStagesIn(ExecutionMode.Queued));
        var older = await FailedInDeployAsync(pipeline);
        var newer = await StartAsync(pipeline);
        await SucceedAllAsync(newer);

        var refused = await RefusedAsync(() => Execution(older).RetryStageAsync("Deploy", StageRetryMode.FailedActions, "alice"), FarmErrorCode.FailedPrecondition);
        Assert.Equal($"stage 'Deploy' of execution '{older}' cannot be retried: execution '{newer}' entered the stage after this one; only the latest " +
                     "execution in a stage can retry it (retrying an older one would run older artifacts over newer ones)", refused.Message);
        Assert.Equal(ExecutionStatus.Failed, (await RunOf(older)).Status);
    }

    [Fact]
    public async Task An_action_retry_rule_runs_a_listed_exit_code_again()
    {
        var id = await StartAsync(await ApplyAsync("exitcode", """
            name: x
            stages:
              - name: Only
                actions:
                  - {name: Flaky, category: Test, provider: Commands, commands: [test], retry: {maxAttempts: 2, onExitCodes: [75]}}
            """));
        await Agent.FailAsync(await Agent.AcquireOneAsync(), 75);
        var second = await Agent.AcquireOneAsync();
        Assert.Equal(2, second.Attempt);
        await Agent.SucceedAsync(second);
        Assert.Equal(ExecutionStatus.Succeeded, (await EndOfAsync(id)).Status);
    }
}
