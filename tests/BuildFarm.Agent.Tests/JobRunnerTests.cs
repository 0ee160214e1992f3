using System.Text;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using Google.Protobuf.WellKnownTypes;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Tests;

/// <summary>Whole jobs through the runner, with real processes and files and an in-memory content store.</summary>
public sealed class JobRunnerTests : IDisposable
{
    private readonly JobHarness harness = new();
    private TempDirectory dir => harness.Dir;
    private InMemoryContentStore store => harness.Store;

    public void Dispose() => harness.Dispose();

    private static Job CommandsJob(params string[] commands)
    {
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = "ex-1/Build/compile/1", LeaseId = "lease-1" },
            Pipeline = "app",
            Stage = "Build",
            Action = "compile",
            Attempt = 1,
            Category = "Build",
            Provider = "Commands",
        };
        job.Commands.AddRange(commands);
        return job;
    }

    private Digest AddTree(params (string Path, string Text, int Mode)[] files)
    {
        var tree = ArtifactTree.Create(files.Select(f => new TreeEntry(f.Path, store.Add(Encoding.UTF8.GetBytes(f.Text)), f.Mode)));
        return store.Add(tree.Encode());
    }

    private Task<(JobResult Result, string Log)> RunAsync(Job job, CancellationToken cancellationToken = default) => harness.RunAsync(job, cancellationToken);

    [Fact]
    public async Task A_commands_job_builds_from_its_inputs_and_uploads_outputs_and_variables()
    {
        var source = AddTree(("main.c", "int main() { return 0; }\n", 0x1A4), ("build.sh", "mkdir -p out && cp main.c out/main.o && echo built\n", 0x1ED));
        var tools = AddTree(("VERSION", "4.2\n", 0x1A4));
        var job = CommandsJob("./build.sh", "TOOLS_VERSION=$(cat \"$FARM_INPUT_BUILD_TOOLS/VERSION\")", "echo \"stage $FARM_STAGE attempt $FARM_ATTEMPT of $FARM_PIPELINE, greeting $GREETING\"");
        job.Inputs.Add(new JobInput { Name = "src", Tree = source.ToProto() });
        job.Inputs.Add(new JobInput { Name = "build-tools", Tree = tools.ToProto() });
        job.Outputs.Add(new JobOutput { Name = "bin", Files = { "out/**" } });
        job.OutputVariables.Add("TOOLS_VERSION");
        job.Environment["GREETING"] = "hello";

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("4.2", result.OutputVariables["TOOLS_VERSION"]);
        var output = ArtifactTree.Decode(store.Blobs[result.Outputs["bin"]]);
        var entry = Assert.Single(output.Entries);
        Assert.Equal("out/main.o", entry.Path);
        Assert.Equal("int main() { return 0; }\n"u8.ToArray(), store.Blobs[entry.Digest]);
        Assert.StartsWith("[farm] agent test-agent running Build/compile attempt 1\n", log);
        Assert.Contains("built\nstage Build attempt 1 of app, greeting hello\n", log);
        Assert.NotNull(result.StartedAt);
        Assert.True(result.FinishedAt >= result.StartedAt);
        Assert.Empty(WorkspaceLeftovers.In(dir.Combine("work", "jobs")));
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code_and_the_log_says_why()
    {
        var (result, log) = await RunAsync(CommandsJob("echo compiling", "exit 3"));

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorKind.CommandFailed, result.ErrorKind);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("command exited with code 3", result.Message);
        Assert.EndsWith("compiling\n[farm] failed: command exited with code 3\n", log);
    }

    [Fact]
    public async Task A_job_over_its_timeout_is_stopped_and_reported_as_a_timeout()
    {
        var job = CommandsJob("echo going to sleep", "sleep 100");
        job.Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));

        var (result, log) = await RunAsync(job);

        Assert.Equal(ErrorKind.Timeout, result.ErrorKind);
        Assert.Contains("timeout of 1s", result.Message);
        Assert.Contains("[farm] failed: the job exceeded its timeout", log);
    }

    [Fact]
    public async Task A_cancelled_job_throws_and_leaves_no_workspace()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(CommandsJob("sleep 100"), cancellation.Token));

        Assert.Empty(WorkspaceLeftovers.In(dir.Combine("work", "jobs")));
    }

    [Fact]
    public async Task An_output_without_matching_files_fails_the_job_as_a_configuration_error()
    {
        var job = CommandsJob("mkdir -p build && touch build/app");
        job.Outputs.Add(new JobOutput { Name = "bin", Files = { "out/**" } });

        var (result, _) = await RunAsync(job);

        Assert.Equal(ErrorKind.ConfigurationError, result.ErrorKind);
        Assert.Equal("output artifact 'bin': no file matches 'out/**' in the working directory", result.Message);
    }

    [Fact]
    public async Task An_input_the_store_lacks_is_an_artifact_error()
    {
        var job = CommandsJob("true");
        job.Inputs.Add(new JobInput { Name = "src", Tree = Digest.Of("gone"u8).ToProto() });

        var (result, _) = await RunAsync(job);

        Assert.Equal(ErrorKind.ArtifactError, result.ErrorKind);
        Assert.StartsWith("input artifact 'src': ", result.Message);
    }

    [Fact]
    public async Task A_folder_job_snapshots_the_folder_into_its_output()
    {
        var folder = Directory.CreateDirectory(dir.Combine("repo")).FullName;
        File.WriteAllText(Path.Combine(folder, "README"), "hi");
        File.WriteAllText(Path.Combine(folder, "debug.log"), "noise");
        var job = new Job
        {
            Lease = new Lease { ExecutionId = "ex-1", JobId = "ex-1/Source/checkout/1", LeaseId = "l" },
            Stage = "Source",
            Action = "checkout",
            Attempt = 1,
            Provider = "Folder",
            Configuration = { ["Path"] = folder, ["Exclude"] = "*.log" },
            Outputs = { new JobOutput { Name = "src" } },
        };

        var (result, _) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message);
        var tree = ArtifactTree.Decode(store.Blobs[result.Outputs["src"]]);
        Assert.Equal(["README"], tree.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task An_unknown_provider_is_a_configuration_error()
    {
        var job = CommandsJob();
        job.Provider = "Lambda";

        var (result, _) = await RunAsync(job);

        Assert.Equal(ErrorKind.ConfigurationError, result.ErrorKind);
        Assert.Contains("'Lambda'", result.Message);
    }

    [Fact]
    public async Task The_configured_shell_and_working_directory_are_used()
    {
        var job = CommandsJob("pwd", "echo $0");
        job.Configuration["Shell"] = "sh";
        job.Configuration["WorkingDirectory"] = "sub/dir";

        var (result, log) = await RunAsync(job);

        Assert.True(result.Succeeded, result.Message);
        Assert.Matches(@"/src/sub/dir\n.*/scripts/\d+\.sh\n", log);
    }
}
