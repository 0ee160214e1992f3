namespace BuildFarm.EndToEnd.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_failing_command_fails_its_action_and_the_execution_and_its_log_is_readable()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var file = farm.WritePipeline("fails.yaml", """
            name: fails
            stages:
              - name: Build
                actions:
                  - name: Break
                    category: Build
                    provider: Commands
                    commands:
                      - echo "about to fail on purpose"
                      - exit 3
              - name: After
                actions:
                  - name: Never
                    category: Build
                    provider: Commands
                    commands: ["touch {scratch}/never-ran"]
            """);
        Assert.Equal(0, (await farm.CliAsync("pipeline", "apply", "-f", file)).ExitCode);
        var start = await farm.CliAsync("start", "fails", "--wait");
        Assert.Equal(1, start.ExitCode);

        var list = await farm.CliAsync("executions", "list", "fails", "--output", "json");
        var id = System.Text.RegularExpressions.Regex.Match(list.Output, "ex-[0-9a-z]+").Value;
        var execution = await farm.GetExecutionAsync(id);
        Assert.Equal("Failed", execution.Status);
        var attempt = execution.Stages[0].Actions[0].Attempts.Single();
        Assert.Equal(3, attempt.ExitCode);
        Assert.Equal("CommandFailed", attempt.ErrorKind);
        Assert.Equal("Pending", execution.Stages[1].Status);
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "never-ran")));

        var logs = await farm.CliAsync("logs", id, "--action", "Build/Break");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("about to fail on purpose", logs.Output);
        Assert.Contains("code 3", logs.Output);
    }
}
