using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class DefinitionChangeTests(FarmCluster farm) : GrainTest(farm, "versions")
{
    [Fact]
    public async Task A_definition_applied_while_an_execution_runs_changes_only_the_executions_started_after_it()
    {
        var name = await ApplyAsync("change", TwoStagesIn(ExecutionMode.Queued));
        var first = await StartAsync(name);
        var compile = await Agent.AcquireOneAsync();

        var changed = Pipelines.FromYaml(name, TwoStagesIn(ExecutionMode.Parallel).Replace("commands: [ship]", "commands: [ship-v2]")
            .Replace("  - name: Deploy", "  - name: Verify\n    actions:\n      - {name: Check, category: Test, provider: Commands, commands: [check]}\n  - name: Deploy"));
        Assert.Equal(2, (await Pipeline(name).ApplyAsync(changed, "test")).Version);
        var second = await StartAsync(name);

        await Agent.SucceedAsync(compile);
        var jobs = new List<JobSpec>();
        while (jobs.Count < 2) jobs.AddRange(await Agent.AcquireAsync());
        var ship = jobs.Single(j => j.ExecutionId == first);
        Assert.Equal("Deploy", ship.Stage);
        Assert.Equal(["ship"], ship.Commands);
        Assert.Equal("Build", jobs.Single(j => j.ExecutionId == second).Stage);
        foreach (var job in jobs) await Agent.SucceedAsync(job);
        await SucceedAllAsync(first, second);

        var (one, two) = (await RunOf(first), await RunOf(second));
        Assert.Equal((1, 2, 3), (one.PipelineVersion, two.PipelineVersion, two.Stages.Count));
        Assert.Equal(["Build", "Deploy"], one.Stages.Select(s => s.Name));
        Assert.Equal(["ship-v2"], two.Stages[2].Actions[0].Attempts[0].ResolvedCommands);
        Assert.All(new[] { one, two }, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
    }
}
