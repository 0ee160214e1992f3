namespace BuildFarm.EndToEnd.Tests;

public sealed class TransitionTests
{
    [Fact]
    public async Task An_execution_waits_at_a_disabled_transition_shown_in_the_pipeline_state_and_goes_on_when_enabled()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "gated.yaml", """
            name: gated
            stages:
              - name: Build
                actions:
                  - {name: Compile, category: Build, provider: Commands, commands: ["true"]}
              - name: Deploy
                actions:
                  - {name: Ship, category: Build, provider: Commands, commands: ["touch {scratch}/shipped"]}
            """);
        var noReason = await farm.CliAsync("stage", "disable", "gated", "Deploy");
        Assert.Equal(2, noReason.ExitCode);
        var unknown = await farm.CliAsync("stage", "disable", "gated", "Nope", "--reason", "x");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NotFound: pipeline 'gated' (version 1) has no stage 'Nope' (stages: Build, Deploy)", unknown.Output);

        Assert.Equal(0, (await farm.CliAsync("stage", "disable", "gated", "Deploy", "--reason", "release freeze")).ExitCode);
        var id = await Steps.StartAsync(farm, "gated");
        await farm.WaitUntilAsync(id, e => e.Stages[1].Status == "Waiting", "waits in front of Deploy");
        var state = await farm.CliAsync("pipeline", "state", "gated", "--output", "json");
        using var json = System.Text.Json.JsonDocument.Parse(state.Output);
        var deploy = json.RootElement.GetProperty("stages")[1];
        Assert.Equal("release freeze", deploy.GetProperty("disabledReason").GetString());
        Assert.Equal(id, deploy.GetProperty("waiting")[0].GetString());
        Assert.False(deploy.TryGetProperty("inboundEnabled", out var enabled) && enabled.GetBoolean());
        Assert.Contains("disabled by admin: release freeze", (await farm.CliAsync("pipeline", "state", "gated")).Output);
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "shipped")));

        Assert.Equal(0, (await farm.CliAsync("stage", "enable", "gated", "Deploy")).ExitCode);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(id)).Status);
        Assert.True(File.Exists(Path.Combine(farm.Scratch, "shipped")));
    }
}
