namespace BuildFarm.EndToEnd.Tests;

public sealed class ImportTests
{
    private static string Declaration(string file) =>
        Path.Combine(FarmBinary.RepositoryRoot, "tests", "BuildFarm.Core.Tests", "Import", "Declarations", file);

    [Fact]
    public async Task An_imported_CodePipeline_declaration_applies_and_runs()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var output = Path.Combine(farm.Scratch, "minimal.yaml");
        var import = await farm.CliAsync("pipeline", "import", Declaration("09-minimal.json"), "-o", output);
        Assert.True(import.ExitCode == 0, import.Output);
        Assert.Contains($"wrote {output} (2 stages, 2 actions; 0 unsupported, 0 changed, 0 ignored)", import.Output);
        Assert.Equal(0, (await farm.CliAsync("pipeline", "apply", "-f", output)).ExitCode);
        var run = await farm.CliAsync("start", "minimal", "--wait");
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public async Task Unsupported_providers_are_listed_one_by_one_and_nothing_is_written_unless_allowed()
    {
        var folder = Directory.CreateTempSubdirectory("farm-import-").FullName;
        var output = Path.Combine(folder, "infra.yaml");
        await using (var refused = FarmProcess.Start(Path.Combine(folder, "cli.log"), ["pipeline", "import", Declaration("05-deploy-providers.json"), "-o", output]))
        {
            Assert.Equal(1, await refused.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            foreach (var line in new[]
                     {
                         "changed: pipeline.stages[0].actions[0] (Source/AWS/CodeStarSourceConnection): mapped to a Git source on https://github.com/example/infra.git",
                         "unsupported: pipeline.stages[1].actions[0] (Deploy/AWS/CloudFormation): no local equivalent; suggestion: a Commands action that runs `aws cloudformation deploy`",
                         "unsupported: pipeline.stages[1].actions[1] (Deploy/AWS/ECS): no local equivalent",
                         "unsupported: pipeline.stages[1].actions[2] (Deploy/AWS/S3): no local equivalent",
                         "unsupported: pipeline.stages[2].actions[0] (Invoke/AWS/Lambda): no local equivalent",
                         "unsupported: pipeline.stages[2].actions[1] (Invoke/AWS/StepFunctions): no local equivalent",
                         "ignored: pipeline.roleArn: IAM roles do not apply",
                         "5 unsupported item(s): nothing written",
                     })
                Assert.Contains(line, refused.Output);
            Assert.False(File.Exists(output));
        }

        await using (var allowed = FarmProcess.Start(Path.Combine(folder, "cli.log"),
                         ["pipeline", "import", Declaration("05-deploy-providers.json"), "-o", output, "--allow-unsupported"]))
            Assert.Equal(0, await allowed.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        await using (var validate = FarmProcess.Start(Path.Combine(folder, "cli.log"), ["pipeline", "validate", "-f", output]))
        {
            Assert.Equal(0, await validate.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("valid (3 stages, 6 actions)", validate.Output);
        }
        Directory.Delete(folder, recursive: true);
    }
}
