namespace BuildFarm.EndToEnd.Tests;

public sealed class ExecutionModeTests
{
    private static string Pipeline(string name, string mode, string command = "sleep 2") => $$"""
        name: {{name}}
        executionMode: {{mode}}
        stages:
          - name: Build
            actions:
              - {name: Work, category: Build, provider: Commands, commands: ["{{command}}"]}
        """;

    private static (DateTimeOffset Start, DateTimeOffset End) Span(Api.V1.Execution execution)
    {
        var attempt = execution.Stages[0].Actions[0].Attempts.Single();
        return (attempt.StartedAt.ToDateTimeOffset(), attempt.FinishedAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Two_executions_started_together_share_a_stage_as_their_mode_says()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2);
        foreach (var mode in new[] { "SUPERSEDED", "QUEUED", "PARALLEL" })
        {
            var name = mode.ToLowerInvariant();
            await Steps.ApplyAsync(farm, name + ".yaml", Pipeline(name, mode));
            var ids = await Task.WhenAll(Steps.StartAsync(farm, name), Steps.StartAsync(farm, name));
            var runs = await Task.WhenAll(ids.Select(id => farm.WaitForEndAsync(id)));
            Assert.All(runs, r => Assert.Equal("Succeeded", r.Status));
            var spans = runs.Select(Span).OrderBy(s => s.Start).ToList();
            var overlap = spans[1].Start < spans[0].End;
            Assert.True(overlap == (mode == "PARALLEL"),
                $"{mode}: first ran {spans[0].Start:O}..{spans[0].End:O}, second {spans[1].Start:O}..{spans[1].End:O}");
        }
    }

    [Fact]
    public async Task A_definition_applied_while_an_execution_runs_does_not_change_it()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "v1.yaml", Pipeline("pinned", "QUEUED", "sleep 2; echo v1 > {scratch}/first"));
        var first = await Steps.StartAsync(farm, "pinned");
        await farm.WaitUntilAsync(first, e => e.Stages[0].Actions[0].Status == "InProgress", "v1 runs");
        await Steps.ApplyAsync(farm, "v2.yaml", Pipeline("pinned", "QUEUED", "echo v2 > {scratch}/second"));
        var second = await Steps.StartAsync(farm, "pinned");

        var (one, two) = (await farm.WaitForEndAsync(first), await farm.WaitForEndAsync(second));
        Assert.Equal(("Succeeded", 1, "Succeeded", 2), (one.Status, one.PipelineVersion, two.Status, two.PipelineVersion));
        Assert.Equal("v1", File.ReadAllText(Path.Combine(farm.Scratch, "first")).Trim());
        Assert.Equal("v2", File.ReadAllText(Path.Combine(farm.Scratch, "second")).Trim());
    }
}
