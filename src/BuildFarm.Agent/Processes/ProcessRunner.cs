using System.Diagnostics;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Runs a process as the leader of its own process group and streams its output. Timeout and cancellation end the
/// whole group (SIGTERM, grace period, SIGKILL); so does a normal exit, so nothing a job started outlives it.
/// </summary>
internal static class ProcessRunner
{
    private const string Setsid = "/usr/bin/setsid";

    /// <summary>How long to keep reading output after the group ended: a process that left the group may hold the pipe.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>Output chunks are only valid during the callback: copy them.</summary>
    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, Action<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(File.Exists(Setsid) ? Setsid : "setsid")
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in spec.Environment) start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        process.Start();
        var startedAt = DateTimeOffset.UtcNow;
        // The job gets no standard input: a command that reads it sees end-of-file instead of hanging.
        process.StandardInput.Close();
        var group = new ProcessGroup(process.Id);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, output),
            PumpAsync(process.StandardError.BaseStream, output));

        using var timeout = spec.Timeout is { } limit && limit > TimeSpan.Zero
            ? new CancellationTokenSource(limit)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var end = ProcessEnd.Exited;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            end = cancellationToken.IsCancellationRequested ? ProcessEnd.Cancelled : ProcessEnd.TimedOut;
        }

        await group.TerminateAsync(spec.GracePeriod);
        await process.WaitForExitAsync(CancellationToken.None);
        var finishedAt = DateTimeOffset.UtcNow;
        await Task.WhenAny(pumps, Task.Delay(DrainLimit, CancellationToken.None));
        return new ProcessOutcome(process.ExitCode, end, startedAt, finishedAt);
    }

    private static async Task PumpAsync(Stream stream, Action<ReadOnlyMemory<byte>> output)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) output(buffer.AsMemory(0, read));
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The drain limit passed and the process was disposed while an escaped child still held the pipe.
        }
    }
}
