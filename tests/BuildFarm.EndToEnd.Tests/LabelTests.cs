using BuildFarm.Api.V1;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>Agent labels over real processes: labelled jobs go only to matching agents; unservable ones are shown waiting.</summary>
public sealed class LabelTests
{
    [Fact]
    public async Task Labelled_actions_run_only_on_matching_agents_and_one_nobody_can_serve_is_shown_waiting_until_such_an_agent_comes()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        farm.StartAgent("linux-x64", 1, "--labels", "os=linux,arch=x64");
        farm.StartAgent("linux-arm", 1, "--labels", "os=linux,arch=arm64");
        await farm.WaitForAgentsAsync(3);
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("labels.yaml", """
            name: labelled
            stages:
              - name: Build
                actions:
                  - {name: X1, category: Build, provider: Commands, cache: false, commands: ["sleep 1"], labels: {os: linux, arch: x64}}
                  - {name: X2, category: Build, provider: Commands, cache: false, commands: ["sleep 1"], labels: {arch: x64}}
                  - {name: X3, category: Build, provider: Commands, cache: false, commands: ["sleep 1"], labels: {os: linux, arch: x64}}
                  - {name: Arm, category: Build, provider: Commands, cache: false, commands: ["true"], labels: {arch: arm64}}
                  - {name: Any, category: Build, provider: Commands, cache: false, commands: ["true"]}
                  - {name: Gpu, category: Build, provider: Commands, cache: false, commands: ["true"], labels: {gpu: a100}}
            """));
        Assert.True(apply.ExitCode == 0, apply.Output);
        var start = await farm.CliAsync("start", "labelled");
        Assert.True(start.ExitCode == 0, start.Output);
        var id = start.Output.Trim().Split('\n')[^1].Trim();

        var waiting = await farm.WaitUntilAsync(id, e => e.Stages[0].Actions.Count(a => a.Status == "Succeeded") == 5, "every servable action succeeds");
        string AgentOf(string action) => waiting.Stages[0].Actions.Single(a => a.Name == action).Attempts.Single().AgentName;
        Assert.Equal(["linux-x64", "linux-x64", "linux-x64"], new[] { AgentOf("X1"), AgentOf("X2"), AgentOf("X3") });
        Assert.Equal("linux-arm", AgentOf("Arm"));
        var gpu = waiting.Stages[0].Actions.Single(a => a.Name == "Gpu");
        Assert.Equal("Queued", gpu.Status);
        Assert.Equal("waiting for an agent with gpu=a100 (none of the 3 online agents matches)", gpu.Attempts.Single().WaitingFor);
        Assert.Equal("a100", gpu.Labels["gpu"]);

        var show = await farm.CliAsync("executions", "show", id);
        Assert.Contains("waiting for an agent with gpu=a100 (none of the 3 online agents matches)", show.Output);
        var agents = await farm.CliAsync("agents", "list");
        Assert.Contains($"waiting for an agent with gpu=a100 (pool default): 1 job, the oldest {id}/Build/Gpu/1", agents.Output);

        farm.StartAgent("gpu-box", 1, "--labels", "gpu=a100");
        var done = await farm.WaitForEndAsync(id);
        Assert.Equal("Succeeded", done.Status);
        Assert.Equal("gpu-box", done.Stages[0].Actions.Single(a => a.Name == "Gpu").Attempts.Single().AgentName);
        Assert.DoesNotContain("waiting for an agent", (await farm.CliAsync("agents", "list")).Output);
    }
}
