using System.ComponentModel;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Runs a process as the leader of its own session and process group (<see cref="SessionProcess"/>) and streams its output. Timeout and cancellation end the
/// whole group (SIGTERM, grace period, SIGKILL); so does a normal exit, so nothing a job started outlives it.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Output chunks are only valid during the callback: copy them. A program that cannot be started (no such file, not
    /// executable, not a program) is reported on the output and ends as a shell would: exit code 127 or 126.
    /// </summary>
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SessionProcess process;
        try
        {
            process = SessionProcess.Start(spec, output);
        }
        catch (Win32Exception e) when (e.NativeErrorCode is ENOENT or ENOTDIR or EACCES or ENOEXEC)
        {
            var now = DateTimeOffset.UtcNow;
            output(System.Text.Encoding.UTF8.GetBytes(e.Message + "\n"));
            return new ProcessOutcome(e.NativeErrorCode is ENOENT or ENOTDIR ? 127 : 126, ProcessEnd.Exited, now, now);
        }
        var startedAt = DateTimeOffset.UtcNow;
        var group = new ProcessGroup(process.Id);

        using var timeout = spec.Timeout is { } limit && limit > TimeSpan.Zero
            ? new CancellationTokenSource(limit)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var end = ProcessEnd.Exited;
        try
        {
            await process.ExitCode.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            end = cancellationToken.IsCancellationRequested ? ProcessEnd.Cancelled : ProcessEnd.TimedOut;
        }

        await group.TerminateAsync(spec.GracePeriod);
        var exitCode = await process.ExitCode;
        var finishedAt = DateTimeOffset.UtcNow;
        // Read to its end, or given up after the drain limit: an escaped process still holding the pipe keeps the rest.
        await process.Drained;
        return new ProcessOutcome(exitCode, end, startedAt, finishedAt);
    }

    private const int ENOENT = 2;
    private const int ENOEXEC = 8;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
}
