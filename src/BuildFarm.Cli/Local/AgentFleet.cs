using System.Diagnostics;
using System.Globalization;
using BuildFarm.Cli.Client;

namespace BuildFarm.Cli.Local;

/// <summary>What agents `farm up` and `farm run` start beside their embedded server.</summary>
public sealed record AgentFleetOptions(Uri Server, string RegistrationToken, int Count, int Slots, string DataDirectory)
{
    public string WorkDirectory(int index) => Path.Combine(DataDirectory, "agents", $"agent-{index}");
}

/// <summary>
/// Agent processes of this same program (`farm agent ...`), each with its own work folder. Every line they print
/// goes to <c>output(agentName, line)</c>. Stopping sends SIGTERM, waits, then kills what is left.
/// </summary>
public sealed class AgentFleet : IAsyncDisposable
{
    private readonly List<(string Name, Process Process)> _agents = [];
    private readonly Action<string, string> _output;
    private volatile bool _stopping;

    private AgentFleet(Action<string, string> output) => _output = output;

    /// <summary>How long agents get to finish after SIGTERM before they are killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Names => _agents.Select(a => a.Name).ToList();

    public static AgentFleet Start(AgentFleetOptions options, Action<string, string> output)
    {
        var fleet = new AgentFleet(output);
        try
        {
            for (var i = 1; i <= options.Count; i++) fleet.StartOne(options, i);
        }
        catch
        {
            fleet.Kill();
            throw;
        }
        return fleet;
    }

    private void StartOne(AgentFleetOptions options, int index)
    {
        var name = $"agent-{index}";
        var work = options.WorkDirectory(index);
        Directory.CreateDirectory(work);
        var start = SelfProcess.StartInfo(
        [
            "agent",
            "--server", options.Server.ToString(),
            "--name", name,
            "--slots", options.Slots.ToString(CultureInfo.InvariantCulture),
            "--work", work,
        ]);
        // The token goes by environment, not argv, so that `ps` does not show it.
        start.Environment[ConnectionSettings.RegistrationTokenVariable] = options.RegistrationToken;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output(name, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output(name, e.Data); };
        process.Exited += (_, _) =>
        {
            if (!_stopping) _output(name, $"exited unexpectedly with code {process.ExitCode}");
        };
        if (!process.Start()) throw new CliException($"could not start {name} ({start.FileName})");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _agents.Add((name, process));
    }

    public async Task StopAsync(TimeSpan grace)
    {
        _stopping = true;
        foreach (var (_, process) in _agents)
            TryIgnoringExit(() => Signals.Terminate(process));
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await Task.WhenAll(_agents.Select(a => a.Process.WaitForExitAsync(timeout.Token)));
        }
        catch (OperationCanceledException)
        {
            foreach (var (name, process) in _agents.Where(a => !HasExited(a.Process)))
                _output(name, $"did not stop within {grace.TotalSeconds:0}s; killing it");
        }
        Kill();
        // Drains the redirected output of processes that did exit.
        foreach (var (_, process) in _agents) process.WaitForExit(TimeSpan.FromSeconds(2));
    }

    private void Kill()
    {
        _stopping = true;
        foreach (var (_, process) in _agents)
            TryIgnoringExit(() => process.Kill(entireProcessTree: true));
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void TryIgnoringExit(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException)
        {
            // The process had already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping) await StopAsync(StopGrace);
        foreach (var (_, process) in _agents) process.Dispose();
    }
}
