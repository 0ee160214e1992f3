namespace BuildFarm.EndToEnd.Tests;

public sealed class RollbackTests
{
    private const string Pipeline = """
        name: shop
        executionMode: QUEUED
        variables: [{name: version, defaultValue: "1"}]
        stages:
          - name: Build
            actions:
              - {name: Package, category: Build, provider: Commands, commands: ["echo #{variables.version} > version"], outputArtifacts: [{name: pkg, files: [version]}]}
          - name: Deploy
            ON_FAILURE
            actions:
              - name: Ship
                category: Build
                provider: Commands
                inputArtifacts: [pkg]
                commands:
                  - cp version {scratch}/deployed
                  - if [ "$(cat version)" = broken ]; then exit 1; fi
        """;

    private static string Read(LocalFarm farm) => File.ReadAllText(Path.Combine(farm.Scratch, "deployed")).Trim();

    [Fact]
    public async Task Rollback_runs_the_stage_again_with_the_last_good_artifacts_and_refuses_clearly_when_there_is_none()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "shop.yaml", Pipeline.Replace("ON_FAILURE", ""));
        var none = await farm.CliAsync("rollback", "shop", "Deploy");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("FailedPrecondition: no execution of pipeline 'shop' has succeeded through stage 'Deploy' yet; there is nothing to roll back to", none.Output);

        Assert.Equal(0, (await farm.CliAsync("start", "shop", "--var", "version=1", "--wait")).ExitCode);
        var good = (await farm.ExecutionsClient.ListExecutionsAsync(new() { Pipeline = "shop" }, farm.Auth)).Executions[0].ExecutionId;
        Assert.Equal(1, (await farm.CliAsync("start", "shop", "--var", "version=broken", "--wait")).ExitCode);
        Assert.Equal("broken", Read(farm));

        var rollback = await farm.CliAsync("rollback", "shop", "Deploy", "--wait");
        Assert.True(rollback.ExitCode == 0, rollback.Output);
        Assert.Contains($"to {good}", rollback.Output);
        Assert.Equal("1", Read(farm));
        var list = await farm.ExecutionsClient.ListExecutionsAsync(new() { Pipeline = "shop" }, farm.Auth);
        var latest = list.Executions[0];
        Assert.Equal(("Rollback", "Succeeded", $"manual rollback by admin: stage 'Deploy' to {good}"), (latest.Type, latest.Status, latest.Trigger));
        var table = (await farm.CliAsync("executions", "list", "shop")).Output.Split('\n');
        Assert.Contains(table, line => line.Contains(latest.ExecutionId) && line.Contains("Rollback") && !line.Contains("Standard"));
        Assert.Contains(table, line => line.Contains(good) && line.Contains("Standard"));
        var show = await farm.CliAsync("executions", "show", latest.ExecutionId);
        Assert.Contains($"rollback of stage Deploy to {good}", show.Output);
        Assert.Contains("not part of the rollback", show.Output);
    }

    [Fact]
    public async Task OnFailure_ROLLBACK_deploys_the_last_good_artifacts_again_by_itself()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "shop.yaml", Pipeline.Replace("ON_FAILURE", "onFailure: {result: ROLLBACK}"));
        Assert.Equal(0, (await farm.CliAsync("start", "shop", "--var", "version=7", "--wait")).ExitCode);
        var bad = await Steps.StartAsync(farm, "shop", "version=broken");
        var failed = await farm.WaitForEndAsync(bad);
        Assert.Equal("Failed", failed.Status);
        var requested = await farm.WaitUntilAsync(bad, e => e.AutomatedRollbacks.Count == 1 && e.AutomatedRollbacks[0].ExecutionId.Length > 0, "a rollback is started");
        var rollback = await farm.WaitForEndAsync(requested.AutomatedRollbacks[0].ExecutionId);
        Assert.Equal(("Succeeded", "Rollback"), (rollback.Status, rollback.Type));
        Assert.Equal("7", Read(farm));
    }
}
