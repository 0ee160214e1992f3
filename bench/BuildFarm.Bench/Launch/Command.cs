using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Bench.Launch;

/// <summary>Runs a command to its end, for set-up steps and baselines.</summary>
public static class Command
{
    public sealed record Outcome(int ExitCode, string Output, TimeSpan Elapsed);

    public static async Task<Outcome> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new BenchException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        return new Outcome(process.ExitCode, await stdout + await stderr, elapsed);
    }

    /// <summary>Runs it and insists on exit code 0.</summary>
    public static async Task<Outcome> RunCheckedAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var outcome = await RunAsync(fileName, list, cancellationToken, workingDirectory);
        if (outcome.ExitCode != 0)
            throw new BenchException($"`{fileName} {string.Join(' ', list)}` exited with {outcome.ExitCode}:\n{outcome.Output}");
        return outcome;
    }

    public static async Task WaitForPortAsync(int port, ChildProcess owner, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (!owner.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException)
            {
                throw new BenchException($"nothing listens on port {port} (log {owner.LogFile}):\n{owner.Tail()}");
            }
        }
    }
}
