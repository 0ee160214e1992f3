using System.Text.Json;

namespace BuildFarm.EndToEnd.Tests;

public sealed class CliTests
{
    private const string Valid = """
        name: cli
        variables:
          - { name: who, defaultValue: world }
        stages:
          - name: Build
            actions:
              - name: Hello
                category: Build
                provider: Commands
                commands: ["echo hello #{variables.who}"]
        """;

    [Fact]
    public async Task Validate_reports_every_problem_with_its_path_and_exits_one()
    {
        var folder = Directory.CreateTempSubdirectory("farm-validate-").FullName;
        var file = Path.Combine(folder, "bad.yaml");
        await File.WriteAllTextAsync(file, """
            name: bad
            stages:
              - name: Build
                actions:
                  - name: Use
                    category: Build
                    provider: Commands
                    runorder: 2
                    inputArtifacts: [bin]
                    commands: ["true"]
            """);
        await using var validate = FarmProcess.Start(Path.Combine(folder, "cli.log"), ["pipeline", "validate", "-f", file]);
        Assert.Equal(1, await validate.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("stages[0].actions[0].inputArtifacts[0]", validate.Output);
        Assert.Contains("'bin'", validate.Output);
        Assert.Contains("runorder", validate.Output);
        Assert.Contains("bad.yaml", validate.Output);

        await File.WriteAllTextAsync(file, Valid);
        await using var ok = FarmProcess.Start(Path.Combine(folder, "cli.log"), ["pipeline", "validate", "-f", file]);
        Assert.Equal(0, await ok.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Pipelines_executions_and_agents_can_be_managed_from_the_cli()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var file = farm.WritePipeline("cli.yaml", Valid);

        var apply = await farm.CliAsync("pipeline", "apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.Output);
        Assert.Contains("version 1", apply.Output);
        Assert.Contains("unchanged", (await farm.CliAsync("pipeline", "apply", "-f", file)).Output);

        var list = await farm.CliAsync("pipeline", "list", "--output", "json");
        Assert.Contains("\"cli\"", list.Output);
        var get = await farm.CliAsync("pipeline", "get", "cli", "--output", "json");
        Assert.Contains("echo hello #{variables.who}", get.Output);

        var start = await farm.CliAsync("start", "cli", "--var", "who=farmers", "--wait");
        Assert.True(start.ExitCode == 0, start.Output);
        var executions = await farm.CliAsync("executions", "list", "cli", "--output", "json");
        using var json = JsonDocument.Parse(executions.Output);
        var first = json.RootElement.GetProperty("executions")[0];
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        var id = first.GetProperty("executionId").GetString()!;

        var show = await farm.CliAsync("executions", "show", id);
        Assert.Contains("Build/Hello", show.Output.Replace(" ", ""), StringComparison.Ordinal);
        var logs = await farm.CliAsync("logs", id, "--action", "Build/Hello");
        Assert.Contains("hello farmers", logs.Output);
        var agents = await farm.CliAsync("agents", "list", "--output", "json");
        Assert.Contains("agent-1", agents.Output);
        Assert.Contains("Online", agents.Output);

        Assert.Equal(0, (await farm.CliAsync("pipeline", "delete", "cli")).ExitCode);
        var gone = await farm.CliAsync("pipeline", "get", "cli");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("NotFound", gone.Output);
    }
}
