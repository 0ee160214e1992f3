namespace BuildFarm.EndToEnd.Tests;

public sealed class ApprovalTests
{
    private const string Pipeline = """
        name: release
        stages:
          - name: Build
            actions:
              - {name: Compile, category: Build, provider: Commands, commands: ["VERSION=1.4.2"], namespace: build, outputVariables: [VERSION]}
          - name: Release
            actions:
              - name: Approve
                category: Approval
                provider: Manual
                configuration:
                  CustomData: "ship #{build.VERSION}?"
                  ExternalEntityLink: "https://review.example/#{build.VERSION}"
              - {name: Ship, category: Build, provider: Commands, runOrder: 2, commands: ["touch {scratch}/shipped"]}
        """;

    private static async Task<(LocalFarm Farm, string Id)> AtApprovalAsync()
    {
        var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "release.yaml", Pipeline);
        var id = await Steps.StartAsync(farm, "release");
        await farm.WaitUntilAsync(id, e => e.Stages[1].Actions[0].Status == "InProgress", "the approval waits");
        return (farm, id);
    }

    [Fact]
    public async Task Approve_records_who_and_why_and_the_release_goes_on()
    {
        var (farm, id) = await AtApprovalAsync();
        await using var _ = farm;
        var state = await farm.CliAsync("pipeline", "state", "release");
        Assert.Contains($"waiting for approval: {id} Release/Approve until", state.Output);
        Assert.Contains(": ship 1.4.2? (https://review.example/1.4.2)", state.Output);

        var approve = await farm.CliAsync("approve", id, "Release/Approve", "--comment", "checked the changelog");
        Assert.True(approve.ExitCode == 0, approve.Output);
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(id)).Status);
        Assert.True(File.Exists(Path.Combine(farm.Scratch, "shipped")));
        var show = await farm.CliAsync("executions", "show", id);
        Assert.Contains("decision: Approved by admin at", show.Output);
        Assert.Contains(": checked the changelog", show.Output);
        Assert.Contains(": ship 1.4.2? (https://review.example/1.4.2)", show.Output);
    }

    [Fact]
    public async Task Reject_fails_the_execution_and_nothing_ships()
    {
        var (farm, id) = await AtApprovalAsync();
        await using var _ = farm;
        Assert.Equal(0, (await farm.CliAsync("reject", id, "Release/Approve", "--comment", "not today")).ExitCode);
        var execution = await farm.WaitForEndAsync(id);
        Assert.Equal(("Failed", "stage 'Release' failed: action 'Approve': rejected by admin: not today"), (execution.Status, execution.StatusSummary));
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "shipped")));
    }

    [Fact]
    public async Task An_approval_arriving_after_a_stop_is_refused_with_the_reason()
    {
        var (farm, id) = await AtApprovalAsync();
        await using var _ = farm;
        Assert.Equal(0, (await farm.CliAsync("stop", id, "--reason", "release cancelled")).ExitCode);
        var approve = await farm.CliAsync("approve", id, "Release/Approve");
        Assert.Equal(1, approve.ExitCode);
        Assert.Contains("FailedPrecondition: Release/Approve is no longer waiting for approval: it was abandoned at", approve.Output);
        Assert.Contains("by admin (release cancelled)", approve.Output);
        Assert.Equal("Stopped", (await farm.GetExecutionAsync(id)).Status);
        Assert.Equal(2, (await farm.CliAsync("approve", id, "Approve")).ExitCode);
    }
}
