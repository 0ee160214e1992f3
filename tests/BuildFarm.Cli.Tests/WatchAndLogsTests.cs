using System.Text;

namespace BuildFarm.Cli.Tests;

/// <summary>`farm watch`, `farm logs` and `farm executions show` against a real gRPC server that plays the farm.</summary>
public sealed class WatchAndLogsTests : IAsyncLifetime
{
    private FakeFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await FakeFarm.StartAsync();

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    private Task<(int ExitCode, TestTerminal Terminal)> Farm(params string[] args) =>
        TestTerminal.RunAsync([.. args, "--server", _farm.Address.ToString(), "--token", "secret-token"]);

    private static string[] LinesWithoutClock(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')[10..]).ToArray();

    [Fact]
    public async Task Watch_prints_each_change_and_exits_1_when_the_execution_failed()
    {
        _farm.Executions.Snapshots = Snapshots.FailingBuild();

        var (exitCode, terminal) = await Farm("watch", Snapshots.ExecutionId);

        Assert.Equal(1, exitCode);
        Assert.Equal(Snapshots.FailingBuildLines, LinesWithoutClock(terminal.Out));
        Assert.Equal("Bearer secret-token", Assert.Single(_farm.Executions.Authorizations));
    }

    [Fact]
    public async Task Watch_exits_0_when_the_execution_succeeded()
    {
        var snapshots = Snapshots.FailingBuild().Select(s => s.Clone()).ToList();
        snapshots[^1].Status = "Succeeded";
        _farm.Executions.Snapshots = snapshots;

        var (exitCode, _) = await Farm("watch", Snapshots.ExecutionId);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Watch_reconnects_after_the_stream_breaks_and_prints_nothing_twice()
    {
        _farm.Executions.Snapshots = Snapshots.FailingBuild();
        _farm.Executions.BreakAfter.AddRange([2, 3]);

        var (exitCode, terminal) = await Farm("watch", Snapshots.ExecutionId);

        Assert.Equal(1, exitCode);
        Assert.Equal(3, _farm.Executions.WatchCalls);
        Assert.Equal(Snapshots.FailingBuildLines, LinesWithoutClock(terminal.Out));
        Assert.Contains("reconnecting", terminal.Error);
    }

    [Fact]
    public async Task Logs_of_one_action_resume_at_the_offset_reached_when_the_stream_broke()
    {
        _farm.Logs.Content["Build/Compile"] = Encoding.UTF8.GetBytes("line one\nline two\nlast line\n");
        _farm.Logs.BreakFirstCallAfter = 2;

        var (exitCode, terminal) = await Farm("logs", "e-1", "--action", "Build/Compile", "--attempt", "1");

        Assert.Equal(0, exitCode);
        Assert.Equal("line one\nline two\nlast line\n", terminal.Out);
        var requests = _farm.Logs.Requests.ToArray();
        Assert.Equal([0L, 8L], requests.Select(r => r.Offset));
        Assert.All(requests, r => Assert.Equal(1, r.Attempt));
    }

    [Fact]
    public async Task Logs_of_an_execution_print_every_action_in_order_under_a_header()
    {
        _farm.Executions.Snapshots = Snapshots.FailingBuild();
        _farm.Logs.Content["Build/Compile"] = Encoding.UTF8.GetBytes("compiled\n");
        _farm.Logs.Content["Build/Test"] = Encoding.UTF8.GetBytes("1 test failed");

        var (exitCode, terminal) = await Farm("logs", Snapshots.ExecutionId);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "==> Build/Compile (attempt 1) <==\ncompiled\n==> Build/Test (attempt 1) <==\n1 test failed",
            terminal.Out.Replace("\r\n", "\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task Executions_show_as_json_is_the_execution_message()
    {
        _farm.Executions.Snapshots = Snapshots.FailingBuild();

        var (exitCode, terminal) = await Farm("executions", "show", Snapshots.ExecutionId, "--output", "json");

        Assert.Equal(0, exitCode);
        var parsed = Google.Protobuf.JsonParser.Default.Parse<Api.V1.Execution>(terminal.Out);
        Assert.Equal(Snapshots.FailingBuild()[^1], parsed);
    }

    [Fact]
    public async Task Executions_show_as_a_table_lists_each_attempt_with_agent_exit_code_and_error()
    {
        _farm.Executions.Snapshots = Snapshots.FailingBuild();

        var (_, terminal) = await Farm("executions", "show", Snapshots.ExecutionId);

        var lines = terminal.Out.Split('\n');
        Assert.Matches(@"^Build/Test\s+1\s+agent-2\s+Failed\s+\S+ \S+\s+500ms\s+2\s+tests failed$", lines.Single(l => l.Contains("agent-2")));
        Assert.Matches(@"^Build/Compile\s+1\s+agent-1\s+Succeeded\s+\S+ \S+\s+1\.2s$", lines.Single(l => l.Contains("agent-1")));
        Assert.Matches(@"^Build\s+Failed\s+\S+ \S+\s+2\.0s$", lines.Single(l => l.StartsWith("Build ")));
        Assert.Contains("Status:     Failed: Build/Test failed", lines);
    }

    [Fact]
    public async Task A_server_refusal_is_reported_once_with_its_status()
    {
        var (exitCode, terminal) = await Farm("executions", "show", "nope");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: NotFound: execution nope does not exist", terminal.Error.Trim());
    }
}
