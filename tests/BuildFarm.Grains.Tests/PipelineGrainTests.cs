using BuildFarm.Core.Definitions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class PipelineGrainTests(FarmCluster farm)
{
    [Fact]
    public async Task Applying_the_same_declaration_twice_makes_one_version_and_a_change_makes_the_next()
    {
        var definition = Pipelines.OneAction(Pipelines.UniqueName("versions"));
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);

        Assert.Equal(new ApplyOutcome(1, true), await pipeline.ApplyAsync(definition, "test"));
        Assert.Equal(new ApplyOutcome(1, false), await pipeline.ApplyAsync(definition with { }, "test"));
        var changed = definition with { Stages = [new StageDefinition { Name = "Other", Actions = [Pipelines.Commands("Run")] }] };
        Assert.Equal(new ApplyOutcome(2, true), await pipeline.ApplyAsync(changed, "test"));

        Assert.Equal("Only", (await pipeline.GetAsync(1)).Definition.Stages[0].Name);
        var latest = await pipeline.GetAsync(0);
        Assert.Equal((2, 2), (latest.Version, latest.LatestVersion));
        Assert.Contains(definition.Name, await farm.Grains.GetGrain<ICatalogGrain>(CatalogKeys.Pipelines).ListAsync());
    }

    [Fact]
    public async Task A_running_execution_keeps_the_version_it_pinned()
    {
        var definition = Pipelines.OneAction(Pipelines.UniqueName("pinned"), ExecutionMode.Parallel);
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        var started = await pipeline.StartManualAsync(new ManualStart { Trigger = "test" });
        await pipeline.ApplyAsync(definition with { Stages = [new StageDefinition { Name = "Renamed", Actions = [Pipelines.Commands("Run")] }] }, "test");

        var run = await farm.Grains.GetGrain<IExecutionGrain>(started.ExecutionId).GetAsync();
        Assert.Equal(1, run.PipelineVersion);
        Assert.Equal("Only", run.Stages[0].Name);
        var agent = new TestAgent(farm.Grains, "pinned");
        await agent.SucceedAsync(await agent.AcquireOneAsync());
    }

    [Fact]
    public async Task An_invalid_declaration_is_refused_with_every_problem()
    {
        var name = Pipelines.UniqueName("invalid");
        var definition = new PipelineDefinition
        {
            Name = name,
            Stages = [new StageDefinition { Name = "Build", Actions = [Pipelines.Commands("Use", inputs: ["nothing"]) with { RunOrder = 0 }] }],
        };
        var refused = await Assert.ThrowsAsync<FarmException>(() => farm.Grains.GetGrain<IPipelineGrain>(name).ApplyAsync(definition, "test"));
        Assert.Equal(FarmErrorCode.InvalidArgument, refused.Code);
        Assert.Contains(refused.Problems, p => p.Path == "stages[0].actions[0].inputArtifacts[0]");
        Assert.Contains(refused.Problems, p => p.Path == "stages[0].actions[0].runOrder");
        await Assert.ThrowsAsync<FarmException>(() => farm.Grains.GetGrain<IPipelineGrain>(name).GetAsync(0));
    }

    [Fact]
    public async Task Starting_refuses_unknown_pipelines_and_undeclared_variables()
    {
        var unknown = await Assert.ThrowsAsync<FarmException>(() => farm.Grains.GetGrain<IPipelineGrain>(Pipelines.UniqueName("nope")).StartManualAsync(new ManualStart { Trigger = "test" }));
        Assert.Equal(FarmErrorCode.NotFound, unknown.Code);

        var definition = Pipelines.OneAction(Pipelines.UniqueName("vars")) with { Variables = [new VariableDeclaration { Name = "who", DefaultValue = "x" }] };
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        var undeclared = await Assert.ThrowsAsync<FarmException>(() => pipeline.StartManualAsync(new ManualStart { Variables = new() { ["whom"] = "y" }, Trigger = "test" }));
        Assert.Equal(FarmErrorCode.InvalidArgument, undeclared.Code);
        Assert.Contains("variable 'whom' is not declared", undeclared.Message);
    }
}
