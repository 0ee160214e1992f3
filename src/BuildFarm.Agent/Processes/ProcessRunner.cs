using System.Buffers;
using System.ComponentModel;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Runs a process as the leader of its own session and process group (<see cref="SessionProcess"/>) and streams its output. Timeout and cancellation end the
/// whole group (SIGTERM, grace period, SIGKILL); so does a normal exit, so nothing a job started outlives it.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>How long to keep reading output after the group ended: a process that left the group may hold the pipe.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

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
            process = SessionProcess.Start(spec);
        }
        catch (Win32Exception e) when (e.NativeErrorCode is ENOENT or ENOTDIR or EACCES or ENOEXEC)
        {
            var now = DateTimeOffset.UtcNow;
            output(System.Text.Encoding.UTF8.GetBytes(e.Message + "\n"));
            return new ProcessOutcome(e.NativeErrorCode is ENOENT or ENOTDIR ? 127 : 126, ProcessEnd.Exited, now, now);
        }
        using var _ = process;
        var startedAt = DateTimeOffset.UtcNow;
        var group = new ProcessGroup(process.Id);
        var pump = PumpAsync(process.Output, output);

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
        try
        {
            await pump.WaitAsync(DrainLimit);
        }
        catch (TimeoutException)
        {
            // An escaped process still holds the pipe: the job ends without the rest of its output.
        }
        return new ProcessOutcome(exitCode, end, startedAt, finishedAt);
    }

    private const int ENOENT = 2;
    private const int ENOEXEC = 8;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    private static async Task PumpAsync(Stream stream, Action<ReadOnlyMemory<byte>> output)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) output(buffer.AsMemory(0, read));
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The drain limit passed and the process was disposed while an escaped child still held the pipe.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
