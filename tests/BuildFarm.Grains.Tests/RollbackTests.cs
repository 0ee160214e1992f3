using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class RollbackTests(FarmCluster farm) : GrainTest(farm, "rollback")
{
    [Fact]
    public async Task Without_an_execution_that_succeeded_through_the_stage_a_rollback_is_refused_clearly()
    {
        var pipeline = await ApplyAsync("norollback", TwoStagesIn(ExecutionMode.Queued));
        var refused = await RefusedAsync(() => Pipeline(pipeline).RollbackAsync("Deploy", null, "alice", null), FarmErrorCode.FailedPrecondition);
        Assert.Equal($"no execution of pipeline '{pipeline}' has succeeded through stage 'Deploy' yet; there is nothing to roll back to", refused.Message);
        await RefusedAsync(() => Pipeline(pipeline).RollbackAsync("Nope", null, "alice", null), FarmErrorCode.NotFound);
        await RefusedAsync(() => Pipeline(pipeline).RollbackAsync("Deploy", "ex-unknown", "alice", null), FarmErrorCode.NotFound);
    }

    [Fact]
    public async Task A_rollback_runs_the_stage_again_with_the_artifacts_of_the_last_good_execution()
    {
        var pipeline = await ApplyAsync("rollback", TwoStagesIn(ExecutionMode.Queued));
        var good = await StartAsync(pipeline);
        await SucceedAllAsync(good);
        var bad = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await Agent.FailAsync(await Agent.AcquireOneAsync());
        await EndOfAsync(bad);

        var refused = await RefusedAsync(() => Pipeline(pipeline).RollbackAsync("Deploy", bad, "alice", null), FarmErrorCode.FailedPrecondition);
        Assert.Contains($"execution '{bad}' did not succeed through stage 'Deploy'", refused.Message);

        var started = await Pipeline(pipeline).RollbackAsync("Deploy", null, "alice", null);
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal((started.ExecutionId, "Deploy"), (ship.ExecutionId, ship.Stage));
        Assert.Equal((await RunOf(good)).Stages[0].Actions[0].Outputs[0].Digest, ship.Inputs[0].Digest);
        Assert.NotEqual((await RunOf(bad)).Stages[0].Actions[0].Outputs[0].Digest, ship.Inputs[0].Digest);
        await Agent.SucceedAsync(ship);
        var rollback = await EndOfAsync(started.ExecutionId);
        Assert.Equal((ExecutionStatus.Succeeded, ExecutionType.Rollback, good), (rollback.Status, rollback.Type, rollback.RollbackOf!.TargetExecutionId));
        Assert.Equal($"manual rollback by alice: stage 'Deploy' to {good}", rollback.Trigger);
        Assert.Equal(StageStatus.Skipped, rollback.Stages[0].Status);
        Assert.Contains(started.ExecutionId, await Pipeline(pipeline).ListExecutionIdsAsync(10));
        // A rollback is never a rollback target itself.
        Assert.Equal(good, (await Stage(pipeline, "Deploy").GetAsync()).Successes.Last().ExecutionId);
    }

    [Fact]
    public async Task A_source_stage_and_a_parallel_pipeline_cannot_be_rolled_back()
    {
        var parallel = await ApplyAsync("rollbackpar", TwoStagesIn(ExecutionMode.Parallel));
        Assert.StartsWith($"pipeline '{parallel}' runs in PARALLEL mode, which has no rollback",
            (await RefusedAsync(() => Pipeline(parallel).RollbackAsync("Deploy", null, "a", null), FarmErrorCode.FailedPrecondition)).Message);
        var sourced = await ApplyAsync("rollbacksrc", """
            name: x
            stages:
              - name: Source
                actions:
                  - {name: Checkout, category: Source, provider: Folder, configuration: {Path: /tmp}, outputArtifacts: [src]}
              - name: Build
                actions:
                  - {name: Make, category: Build, provider: Commands, commands: [make], inputArtifacts: [src]}
            """);
        Assert.Equal("stage 'Source' holds Source actions; a source stage cannot be rolled back",
            (await RefusedAsync(() => Pipeline(sourced).RollbackAsync("Source", null, "a", null), FarmErrorCode.FailedPrecondition)).Message);
    }

    [Fact]
    public async Task OnFailure_ROLLBACK_starts_a_rollback_execution_or_records_why_it_could_not()
    {
        var pipeline = await ApplyAsync("autorollback", """
            name: x
            executionMode: QUEUED
            stages:
              - name: Build
                actions:
                  - {name: Compile, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: ["**"]}]}
              - name: Deploy
                onFailure: {result: ROLLBACK}
                actions:
                  - {name: Ship, category: Build, provider: Commands, commands: [ship], inputArtifacts: [bin]}
            """);
        var first = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await Agent.FailAsync(await Agent.AcquireOneAsync());
        var noTarget = await UntilAsync(first, r => r.AutomatedRollbacks is [{ Pending: false }], "the rollback request is answered");
        Assert.Equal($"no execution of pipeline '{pipeline}' has succeeded through stage 'Deploy' yet; there is nothing to roll back to",
            noTarget.AutomatedRollbacks[0].Error);
        Assert.EndsWith("; automatic rollback could not start: " + noTarget.AutomatedRollbacks[0].Error, noTarget.StatusSummary);

        var good = await StartAsync(pipeline);
        await SucceedAllAsync(good);
        var bad = await StartAsync(pipeline);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await Agent.FailAsync(await Agent.AcquireOneAsync());
        var failed = await UntilAsync(bad, r => r.AutomatedRollbacks is [{ ExecutionId: not null }], "a rollback execution is started");
        var rollbackId = failed.AutomatedRollbacks[0].ExecutionId!;
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal(rollbackId, ship.ExecutionId);
        await Agent.SucceedAsync(ship);
        var rollback = await EndOfAsync(rollbackId);
        Assert.Equal((ExecutionStatus.Succeeded, good, true), (rollback.Status, rollback.RollbackOf!.TargetExecutionId, rollback.RollbackOf.Automated));
        Assert.Equal($"automated rollback (onFailure/onSuccess of {bad}): stage 'Deploy' to {good}", rollback.Trigger);
    }
}
