using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class TransitionTests(FarmCluster farm) : GrainTest(farm, "transitions")
{
    [Fact]
    public async Task Executions_wait_at_a_disabled_transition_and_go_on_when_it_is_enabled()
    {
        var pipeline = await ApplyAsync("transition", TwoStagesIn(ExecutionMode.Queued));
        await Pipeline(pipeline).SetTransitionAsync("Deploy", false, "change freeze", "alice");
        var id = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await UntilAsync(id, r => r.Stages[1].Status == StageStatus.Waiting, "waits at Deploy");
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.3));

        var state = await Pipeline(pipeline).GetStateAsync();
        var deploy = state.Stages.Single(s => s.Name == "Deploy").Gate;
        Assert.Equal((false, "change freeze", "alice"), (deploy.InboundEnabled, deploy.DisabledReason, deploy.DisabledBy));
        Assert.Equal([id], deploy.Waiting);
        Assert.Equal([id], state.Stages.Single(s => s.Name == "Build").Gate.Successes.Select(s => s.ExecutionId));

        await Pipeline(pipeline).SetTransitionAsync("Deploy", true, null, "bob");
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal((id, "Ship"), (ship.ExecutionId, ship.Action));
        await Agent.SucceedAsync(ship);
        Assert.Equal(ExecutionStatus.Succeeded, (await EndOfAsync(id)).Status);
    }

    [Fact]
    public async Task A_transition_needs_a_known_stage_and_a_reason_to_close()
    {
        var pipeline = await ApplyAsync("transitionbad", TwoStagesIn(ExecutionMode.Queued));
        var unknown = await RefusedAsync(() => Pipeline(pipeline).SetTransitionAsync("Nope", false, "x", "a"), FarmErrorCode.NotFound);
        Assert.Equal($"pipeline '{pipeline}' (version 1) has no stage 'Nope' (stages: Build, Deploy)", unknown.Message);
        await RefusedAsync(() => Pipeline(pipeline).SetTransitionAsync("Deploy", false, " ", "a"), FarmErrorCode.InvalidArgument);
    }
}
