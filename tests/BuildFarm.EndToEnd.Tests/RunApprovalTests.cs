namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// `farm run` of a pipeline with a manual approval, without a terminal (as in CI: standard input is a pipe): refused
/// at once, saying what to do, unless --approve-all approves every approval as it comes.
/// </summary>
public sealed class RunApprovalTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("farm-run-approval-").FullName;

    private const string Pipeline = """
        name: gated
        stages:
          - name: Build
            actions:
              - {name: Make, category: Build, provider: Commands, commands: ["echo built"]}
          - name: Release
            actions:
              - name: Approve
                category: Approval
                provider: Manual
                configuration: {CustomData: "ship it?"}
              - {name: Ship, category: Build, provider: Commands, runOrder: 2, commands: ["echo shipped"]}
        """;

    private string File()
    {
        var file = Path.Combine(folder, "gated.yaml");
        System.IO.File.WriteAllText(file, Pipeline);
        return file;
    }

    [Fact]
    public async Task Without_a_terminal_a_pipeline_with_approvals_is_refused_before_anything_runs()
    {
        await using var run = FarmProcess.Start(Path.Combine(folder, "run.log"), ["run", File(), "--keep"]);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 2, run.Output);
        Assert.Contains("has manual approvals (Release/Approve) and standard input is not a terminal to ask on", run.Output);
        Assert.Contains("--approve-all", run.Output);
        Assert.DoesNotContain("local farm on", run.Output);
    }

    [Fact]
    public async Task With_approve_all_every_approval_is_approved_and_the_run_succeeds()
    {
        await using var run = FarmProcess.Start(Path.Combine(folder, "run.log"), ["run", File(), "--approve-all", "--agents", "1"]);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, run.Output);
        Assert.Contains("Release/Approve approved: approved by farm run --approve-all", run.Output);
        Assert.Contains("Release/Ship", run.Output);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
