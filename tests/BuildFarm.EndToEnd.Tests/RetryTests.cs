namespace BuildFarm.EndToEnd.Tests;

public sealed class RetryTests
{
    private const string Pipeline = """
        name: retry
        executionMode: SUPERSEDED
        stages:
          - name: Build
            actions:
              - name: Compile
                category: Build
                provider: Commands
                cache: false            # counts its runs and records its execution: each must run
                commands: ["echo run >> {scratch}/compile.runs", "mkdir -p out", "echo $FARM_EXECUTION_ID > out/built-by"]
                outputArtifacts: [{name: bin, files: ["out/**"]}]
          - name: Test
            actions:
              - {name: Check, category: Test, provider: Commands, cache: false, inputArtifacts: [bin], commands: ["test -f {scratch}/fixed", "cp out/built-by {scratch}/tested-$FARM_EXECUTION_ID"]}
        """;

    [Fact]
    public async Task A_failed_stage_is_retried_in_the_same_execution_with_the_same_artifacts()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "retry.yaml", Pipeline);
        var id = await Steps.StartAsync(farm, "retry");
        Assert.Equal("Failed", (await farm.WaitForEndAsync(id)).Status);

        var refused = await farm.CliAsync("retry", id, "Build");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("stage 'Build' is Succeeded; only the failed stage can be retried (stage 'Test' failed)", refused.Output);

        File.WriteAllText(Path.Combine(farm.Scratch, "fixed"), "");
        var retry = await farm.CliAsync("retry", id, "Test", "--mode", "failed-actions", "--wait");
        Assert.True(retry.ExitCode == 0, retry.Output);
        var execution = await farm.GetExecutionAsync(id);
        Assert.Equal("Succeeded", execution.Status);
        Assert.Equal(["Failed", "Succeeded"], execution.Stages[1].Actions[0].Attempts.Select(a => a.Status));
        Assert.Single(File.ReadAllLines(Path.Combine(farm.Scratch, "compile.runs")));
        Assert.Equal(id, File.ReadAllText(Path.Combine(farm.Scratch, $"tested-{id}")).Trim());
        Assert.Equal(("admin", "FAILED_ACTIONS"), (execution.Stages[1].Retries[0].By, execution.Stages[1].Retries[0].Mode));
    }

    [Fact]
    public async Task A_retry_runs_while_a_newer_execution_waits_at_a_disabled_transition_which_goes_on_once_enabled()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "retry.yaml", Pipeline);
        var older = await Steps.StartAsync(farm, "retry");
        Assert.Equal("Failed", (await farm.WaitForEndAsync(older)).Status);

        Assert.Equal(0, (await farm.CliAsync("stage", "disable", "retry", "Test", "--reason", "investigating")).ExitCode);
        var newer = await Steps.StartAsync(farm, "retry");
        await farm.WaitUntilAsync(newer, e => e.Stages[1].Status == "Waiting", "the newer execution waits at Test");

        File.WriteAllText(Path.Combine(farm.Scratch, "fixed"), "");
        var retry = await farm.CliAsync("retry", older, "Test", "--wait");
        Assert.True(retry.ExitCode == 0, retry.Output);
        Assert.Equal(older, File.ReadAllText(Path.Combine(farm.Scratch, $"tested-{older}")).Trim());
        Assert.Equal("Waiting", (await farm.GetExecutionAsync(newer)).Stages[1].Status);

        Assert.Equal(0, (await farm.CliAsync("stage", "enable", "retry", "Test")).ExitCode);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(newer)).Status);
        Assert.Equal(newer, File.ReadAllText(Path.Combine(farm.Scratch, $"tested-{newer}")).Trim());
    }
}
