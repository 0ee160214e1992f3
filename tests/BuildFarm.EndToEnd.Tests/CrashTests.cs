namespace BuildFarm.EndToEnd.Tests;

public sealed class CrashTests
{
    private static async Task<string> StartAsync(LocalFarm farm, string name)
    {
        var start = await farm.CliAsync("start", name);
        Assert.True(start.ExitCode == 0, start.Output);
        return start.Output.Trim().Split('\n')[^1].Trim();
    }

    private static int Runs(LocalFarm farm, string action) =>
        File.Exists(Path.Combine(farm.Scratch, action + ".runs")) ? File.ReadAllLines(Path.Combine(farm.Scratch, action + ".runs")).Length : 0;

    [Fact]
    public async Task A_server_killed_mid_execution_resumes_after_restart_and_no_completed_action_runs_again()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2, slots: 1);
        var file = farm.WritePipeline("crash.yaml", """
            name: crash
            stages:
              - name: First
                actions:
                  - { name: A, category: Build, provider: Commands, commands: ["echo run >> {scratch}/A.runs"] }
                  - { name: B, category: Build, provider: Commands, commands: ["echo run >> {scratch}/B.runs"] }
              - name: Second
                actions:
                  - { name: Slow, category: Build, provider: Commands, commands: ["echo run >> {scratch}/Slow.runs", "sleep 8"] }
              - name: Third
                actions:
                  - { name: C, category: Build, provider: Commands, commands: ["echo run >> {scratch}/C.runs"] }
            """);
        Assert.Equal(0, (await farm.CliAsync("pipeline", "apply", "-f", file)).ExitCode);
        var id = await StartAsync(farm, "crash");

        await farm.WaitUntilAsync(id, e => e.Stages[1].Actions[0].Status == "InProgress", "Second/Slow is running");
        farm.KillServer();
        await Task.Delay(1000);
        await farm.StartServerAsync();

        var execution = await farm.WaitForEndAsync(id);
        Assert.Equal("Succeeded", execution.Status);
        foreach (var action in new[] { "A", "B", "Slow", "C" }) Assert.Equal(1, Runs(farm, action));
        Assert.All(execution.Stages.SelectMany(s => s.Actions), a => Assert.Single(a.Attempts));
    }

    [Fact]
    public async Task An_agent_killed_mid_action_loses_its_job_to_another_agent()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2, slots: 1, leaseTtlSeconds: 3);
        var file = farm.WritePipeline("agentloss.yaml", """
            name: agentloss
            stages:
              - name: Build
                actions:
                  - name: LongJob
                    category: Build
                    provider: Commands
                    commands:
                      - echo "$FARM_ATTEMPT" >> {scratch}/LongJob.runs
                      - if [ "$FARM_ATTEMPT" = 1 ]; then sleep 120; fi
            """);
        Assert.Equal(0, (await farm.CliAsync("pipeline", "apply", "-f", file)).ExitCode);
        var id = await StartAsync(farm, "agentloss");

        var running = await farm.WaitUntilAsync(id, e => e.Stages[0].Actions[0].Status == "InProgress" && File.Exists(Path.Combine(farm.Scratch, "LongJob.runs")),
            "LongJob is running");
        var victim = running.Stages[0].Actions[0].Attempts.Single().AgentName;
        farm.Agents[victim].Kill();

        var execution = await farm.WaitForEndAsync(id);
        Assert.Equal("Succeeded", execution.Status);
        var attempts = execution.Stages[0].Actions[0].Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.Equal(("LeaseExpired", victim), (attempts[0].ErrorKind, attempts[0].AgentName));
        Assert.NotEqual(victim, attempts[1].AgentName);
        Assert.Equal("Succeeded", attempts[1].Status);
        Assert.Equal(2, Runs(farm, "LongJob"));
    }
}
