using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Api.V1;

namespace BuildFarm.Agent.Tests;

/// <summary>
/// A finished job's workspace outlives its result (the worker empties it after reporting); a cancelled one does not.
/// Emptied workspaces are used again, and emptying never reaches past them.
/// </summary>
public sealed class WorkspaceHandOverTests : IDisposable
{
    private readonly JobHarness harness = new();

    public void Dispose() => harness.Dispose();

    private static Job Commands(params string[] commands)
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = "ex-1/Build/make/1", LeaseId = "lease-1" },
            Pipeline = "app", Stage = "Build", Action = "make", Attempt = 1, Category = "Build", Provider = "Commands",
        };
        job.Commands.AddRange(commands);
        return job;
    }

    private static LogChunker NoLog() => new((_, _, _) => Task.CompletedTask);

    private string[] Workspaces() => Directory.GetDirectories(harness.Dir.Combine("work", "jobs"));

    private List<string> Leftovers() => WorkspaceLeftovers.In(harness.Dir.Combine("work", "jobs"));

    [Fact]
    public async Task The_result_comes_with_the_workspace_still_there_and_emptying_it_leaves_nothing()
    {
        var (result, workspace) = await harness.Runner.RunLeavingWorkspaceAsync(Commands("mkdir -p out", "echo made > out/file"), NoLog(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.NotNull(workspace);
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(workspace.Source, "out", "file")));
        var said = new List<string>();
        harness.Runner.EmptyWorkspace(workspace, said.Add);
        Assert.Empty(said);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task A_commands_job_without_output_variables_gets_no_farm_folder_and_one_with_them_does()
    {
        var plain = await harness.Runner.RunLeavingWorkspaceAsync(Commands("true"), NoLog(), CancellationToken.None);
        var withVariables = Commands("VERSION=1.2");
        withVariables.Lease.JobId = "ex-1/Build/make/2";
        withVariables.OutputVariables.Add("VERSION");
        var declared = await harness.Runner.RunLeavingWorkspaceAsync(withVariables, NoLog(), CancellationToken.None);

        Assert.True(plain.Result.Succeeded, plain.Result.Message);
        Assert.Equal(["src"], Directory.GetFileSystemEntries(plain.Workspace!.Root).Select(Path.GetFileName));
        Assert.Equal("1.2", declared.Result.OutputVariables["VERSION"]);
        Assert.True(Directory.Exists(declared.Workspace!.Farm));
        harness.Runner.EmptyWorkspace(plain.Workspace, _ => { });
        harness.Runner.EmptyWorkspace(declared.Workspace, _ => { });
    }

    [Fact]
    public async Task A_cancelled_job_leaves_no_workspace_behind()
    {
        using var cancel = new CancellationTokenSource();
        var run = harness.Runner.RunLeavingWorkspaceAsync(Commands("touch started", "sleep 60"), NoLog(), cancel.Token);
        while (!run.IsCompleted && !Workspaces().Any(w => File.Exists(Path.Combine(w, "src", "started")))) await Task.Delay(20);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public async Task An_emptied_workspace_serves_the_next_job_and_emptying_deletes_links_never_their_targets()
    {
        var outside = harness.Dir.Combine("outside");
        harness.Dir.Write("outside/keep", "kept");
        var messy = Commands(
            "mkdir -p ../deep/locked && touch ../deep/locked/file && chmod 000 ../deep/locked", // beside src/, unwritable: emptied anyway
            $"ln -s {outside} link-to-outside",
            $"cd .. && rm -rf src && ln -s {outside} src", // src/ itself replaced by a link
            "mkdir -p inputs/x .farm && touch .farm/variables");
        var first = await harness.Runner.RunLeavingWorkspaceAsync(messy, NoLog(), CancellationToken.None);
        Assert.True(first.Result.Succeeded, first.Result.Message);
        harness.Runner.EmptyWorkspace(first.Workspace, _ => { });

        var second = await harness.Runner.RunLeavingWorkspaceAsync(Commands("ls -A > ../listing"), NoLog(), CancellationToken.None);

        Assert.True(second.Result.Succeeded, second.Result.Message);
        Assert.Equal(first.Workspace!.Root, second.Workspace!.Root);
        Assert.Equal("", await File.ReadAllTextAsync(Path.Combine(second.Workspace.Root, "listing")));
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(outside, "keep")));
        harness.Runner.EmptyWorkspace(second.Workspace, _ => { });
        Assert.Empty(Leftovers());
        Assert.Single(Workspaces());
    }
}
