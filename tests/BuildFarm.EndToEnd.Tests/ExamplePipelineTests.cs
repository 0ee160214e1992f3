namespace BuildFarm.EndToEnd.Tests;

public sealed class ExamplePipelineTests
{
    private static string Example => Path.Combine(FarmBinary.RepositoryRoot, "examples", "hello", "pipeline.yaml");

    [Fact]
    public async Task Farm_run_runs_the_example_on_an_embedded_farm_and_exits_zero()
    {
        var log = Path.GetTempFileName();
        await using var run = FarmProcess.Start(log, ["run", Example]);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, run.Output);
        foreach (var action in new[] { "Source/Checkout", "Build/Compile", "Test/English", "Test/French", "Test/German", "Test/UnknownLanguage", "Release/Package", "Release/Checksums", "Release/Verify" })
            Assert.Contains(action, run.Output);
        Assert.Contains("Succeeded", run.Output);
        File.Delete(log);
    }

    [Fact]
    public async Task Farm_run_exits_non_zero_and_shows_the_log_when_an_action_fails()
    {
        var folder = Directory.CreateTempSubdirectory("farm-run-fail-").FullName;
        var file = Path.Combine(folder, "broken.yaml");
        await File.WriteAllTextAsync(file, """
            name: broken
            stages:
              - name: Build
                actions:
                  - name: Break
                    category: Build
                    provider: Commands
                    commands:
                      - echo "the compiler says no"
                      - exit 7
            """);
        await using var run = FarmProcess.Start(Path.Combine(folder, "run.log"), ["run", file]);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(1, exitCode);
        Assert.Contains("the compiler says no", run.Output);
        Assert.Contains("Failed", run.Output);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_example_spreads_its_tests_over_the_agents_and_passes_artifacts_by_name()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2, slots: 1);
        Assert.Equal(0, (await farm.CliAsync("pipeline", "apply", "-f", Example)).ExitCode);
        var start = await farm.CliAsync("start", "hello", "--var", "audience=tester");
        Assert.Equal(0, start.ExitCode);
        var id = start.Output.Trim().Split('\n')[^1].Trim();

        var execution = await farm.WaitForEndAsync(id);
        Assert.Equal("Succeeded", execution.Status);
        var test = execution.Stages.Single(s => s.Name == "Test");
        Assert.Equal(4, test.Actions.Count);
        Assert.Equal(2, test.Actions.Select(a => a.Attempts.Single().AgentName).Distinct().Count());
        var compile = execution.Stages.Single(s => s.Name == "Build").Actions.Single();
        Assert.Equal("1.4.0", compile.OutputVariables["VERSION"]);
        Assert.Equal("tester", execution.Variables["audience"]);

        var english = test.Actions.Single(a => a.Name == "English");
        Assert.Contains(english.Attempts.Single().ResolvedCommands, c => c.Contains("\"Hello, tester!\""));
        var bin = compile.OutputArtifacts.Single(a => a.Name == "bin");
        Assert.All(test.Actions, a => Assert.Equal(bin.Digest, a.InputArtifacts.Single(i => i.Name == "bin").Digest));

        var artifacts = await farm.CliAsync("artifacts", "list", id, "--output", "json");
        Assert.Equal(0, artifacts.ExitCode);
        foreach (var name in new[] { "source", "bin", "package", "checksums" }) Assert.Contains($"\"{name}\"", artifacts.Output);
    }
}
