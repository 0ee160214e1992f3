using System.Text;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Processes;
using BuildFarm.Agent.Tests.Support;

namespace BuildFarm.Agent.Tests;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private sealed class Capture
    {
        private readonly Lock gate = new();
        private readonly MemoryStream bytes = new();

        public void Write(ReadOnlyMemory<byte> data)
        {
            lock (gate) bytes.Write(data.Span);
        }

        public string Text
        {
            get { lock (gate) return Encoding.UTF8.GetString(bytes.ToArray()); }
        }
    }

    private async Task<(ProcessOutcome Outcome, string Output)> RunScriptAsync(
        string script, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default, Capture? capture = null)
    {
        var file = dir.Write("script.sh", script);
        capture ??= new Capture();
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = "bash",
            Arguments = [file],
            WorkingDirectory = dir.Path,
            Environment = environment ?? new Dictionary<string, string>(),
            Timeout = timeout,
            GracePeriod = TimeSpan.FromSeconds(2),
        }, capture.Write, cancellationToken);
        return (outcome, capture.Text);
    }

    [Fact]
    public async Task Reports_the_exit_code()
    {
        var (ok, _) = await RunScriptAsync("true");
        var (failed, _) = await RunScriptAsync("exit 3");

        Assert.Equal((0, ProcessEnd.Exited), (ok.ExitCode, ok.End));
        Assert.Equal((3, ProcessEnd.Exited), (failed.ExitCode, failed.End));
        Assert.True(ok.FinishedAt >= ok.StartedAt);
    }

    [Fact]
    public async Task Captures_stdout_and_stderr_as_one_ordered_stream()
    {
        var script = ScriptBuilder.Build(["echo one", "echo two >&2", "echo three", "echo four >&2"], []);

        var (outcome, output) = await RunScriptAsync(script);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("one\ntwo\nthree\nfour\n", output);
    }

    [Fact]
    public async Task Passes_the_environment_and_runs_in_the_working_directory()
    {
        var environment = new Dictionary<string, string> { ["FARM_TEST_VALUE"] = "hello world" };

        var (_, output) = await RunScriptAsync("echo \"$FARM_TEST_VALUE\"; echo \"$PATH\" | grep -q / && echo has-path; pwd", environment: environment);

        Assert.Equal($"hello world\nhas-path\n{dir.Path}\n", output);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_group_including_a_background_grandchild()
    {
        var pidFile = dir.Combine("grandchild.pid");
        var capture = new Capture();

        var (outcome, _) = await RunScriptAsync($"sleep 100 &\necho $! > {pidFile}\necho started\nsleep 100\n",
            timeout: TimeSpan.FromSeconds(1), capture: capture);

        Assert.Equal(ProcessEnd.TimedOut, outcome.End);
        Assert.Contains("started", capture.Text);
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(await ProcessProbe.WaitGoneAsync(grandchild), $"grandchild {grandchild} still runs");
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var (outcome, output) = await RunScriptAsync("trap '' TERM\necho waiting\nsleep 100\n", timeout: TimeSpan.FromSeconds(1));

        Assert.Equal(ProcessEnd.TimedOut, outcome.End);
        Assert.Equal("waiting\n", output);
        Assert.NotEqual(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Background_processes_do_not_outlive_a_normal_exit()
    {
        var pidFile = dir.Combine("leftover.pid");

        var (outcome, _) = await RunScriptAsync($"sleep 100 &\necho $! > {pidFile}\nexit 0\n");

        Assert.Equal((0, ProcessEnd.Exited), (outcome.ExitCode, outcome.End));
        var leftover = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(await ProcessProbe.WaitGoneAsync(leftover), $"background process {leftover} still runs");
    }

    [Fact]
    public async Task A_process_that_escapes_the_group_and_holds_the_output_does_not_hold_the_job()
    {
        var pidFile = dir.Combine("escaped.pid");

        // setsid puts the sleep in a session of its own: the group's end does not reach it, and it keeps the pipe open.
        // The script exits once the pid is written, from inside the new session (so the group's end cannot catch it first).
        var (outcome, output) = await RunScriptAsync(
            $"setsid sh -c 'echo $$ > {pidFile}.new && mv {pidFile}.new {pidFile} && exec sleep 100' &\n" +
            $"while [ ! -e {pidFile} ]; do sleep 0.01; done\necho done\nexit 4\n");

        var escaped = int.Parse(File.ReadAllText(pidFile).Trim());
        try
        {
            Assert.Equal((4, ProcessEnd.Exited), (outcome.ExitCode, outcome.End));
            Assert.Equal("done\n", output);
            Assert.True(ProcessProbe.IsRunning(escaped), "the job ended only once the escaped process had");
        }
        finally
        {
            LibC.SignalGroup(escaped, LibC.SIGKILL);
        }
    }

    [Fact]
    public async Task Output_the_caller_cannot_take_fails_the_run_after_the_group_ended()
    {
        var pidFile = dir.Combine("background.pid");
        var file = dir.Write("script.sh", $"sleep 100 &\necho $! > {pidFile}\necho one\nsleep 0.2\necho two\n");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ProcessRunner.RunAsync(
            new ProcessSpec { FileName = "bash", Arguments = [file], WorkingDirectory = dir.Path, GracePeriod = TimeSpan.FromSeconds(2) },
            _ => throw new InvalidOperationException("the log is closed"), CancellationToken.None));

        Assert.Equal("the log is closed", failure.Message);
        Assert.True(await ProcessProbe.WaitGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim())), "the background process outlived the run");
    }

    [Fact]
    public async Task Cancellation_stops_the_process_group()
    {
        var pidFile = dir.Combine("child.pid");
        using var cancellation = new CancellationTokenSource();
        var capture = new Capture();
        var run = RunScriptAsync($"sleep 100 &\necho $! > {pidFile}\necho started\nwait\n", cancellationToken: cancellation.Token, capture: capture);
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!capture.Text.Contains("started") && DateTime.UtcNow < guard) await Task.Delay(20);

        await cancellation.CancelAsync();
        var (outcome, _) = await run;

        Assert.Equal(ProcessEnd.Cancelled, outcome.End);
        Assert.True(await ProcessProbe.WaitGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim())));
    }

    [Fact]
    public async Task Standard_input_is_closed()
    {
        var (outcome, output) = await RunScriptAsync("cat; echo done");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("done\n", output);
    }

    [Fact]
    public async Task The_process_leads_its_own_session_with_default_signals_and_none_blocked()
    {
        // The agent's runtime ignores SIGPIPE: a job must not inherit that (a pipe's writer would outlive its reader).
        var (outcome, output) = await RunScriptAsync(
            "read -r pid comm state ppid pgrp session rest < /proc/self/stat; echo \"$pid $pgrp $session\"\n" +
            "grep -E '^Sig(Ign|Blk)' /proc/self/status\n" +
            "yes | head -n 1 >/dev/null; echo \"pipe ${PIPESTATUS[0]}\"");

        Assert.Equal(0, outcome.ExitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ids = lines[0].Split(' ');
        Assert.Equal([ids[0], ids[0]], ids[1..]);
        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], lines[1..3]);
        Assert.Equal("pipe 141", lines[3]); // 128 + SIGPIPE: yes was stopped by the signal
    }

    [Fact]
    public void A_program_named_without_a_slash_is_the_first_executable_of_that_name_on_PATH()
    {
        var expected = Environment.GetEnvironmentVariable("PATH")!.Split(':').Where(d => d.Length > 0).Select(d => Path.Combine(d, "sh"))
            .First(p => File.Exists(p) && (File.GetUnixFileMode(p) & UnixFileMode.UserExecute) != 0);

        Assert.Equal(expected, ProgramPaths.Resolve("sh"));
        Assert.Equal(expected, ProgramPaths.Resolve("sh")); // remembered
        Assert.Equal("/bin/sh", ProgramPaths.Resolve("/bin/sh"));
        Assert.Equal(2, Assert.Throws<System.ComponentModel.Win32Exception>(() => ProgramPaths.Resolve("no-such-program-here")).NativeErrorCode);
    }

    [Theory]
    [InlineData("no-such-program-here", 127, "No such file or directory")]
    [InlineData("not-executable.txt", 126, "Permission denied")]
    [InlineData("not-a-program.sh", 126, "Exec format error")]
    public async Task A_program_that_cannot_start_ends_as_a_shell_reports_it(string name, int exitCode, string reason)
    {
        dir.Write("not-executable.txt", "text");
        dir.Write("not-a-program.sh", "no interpreter line", UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var program = name.Contains('.') ? Path.Combine(dir.Path, name) : name;
        var capture = new Capture();
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec { FileName = program, WorkingDirectory = dir.Path }, capture.Write, CancellationToken.None);

        Assert.Equal((exitCode, ProcessEnd.Exited), (outcome.ExitCode, outcome.End));
        Assert.Contains($"cannot start '{program}'", capture.Text);
        Assert.Contains(reason, capture.Text);
    }
}
