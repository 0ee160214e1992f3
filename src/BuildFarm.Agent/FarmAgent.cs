using BuildFarm.Agent.Connection;
using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Agent.Worker;

namespace BuildFarm.Agent;

/// <summary>
/// One agent: connects (registering when it has no valid identity), then runs its worker loop and heartbeat loop
/// until cancelled. Returns when cancelled (running jobs are stopped, their leases left to expire); throws
/// <see cref="AgentException"/> when it cannot run at all.
/// </summary>
public sealed class FarmAgent(AgentOptions options)
{
    public AgentOptions Options { get; } = options;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) throw new AgentException("the agent runs on Linux only (it starts jobs in sessions of their own and signals their process groups)");
        if (Options.Slots < 1) throw new AgentException($"slots is {Options.Slots}; an agent needs at least 1");
        var workDirectory = Path.GetFullPath(Options.WorkDirectory);
        Directory.CreateDirectory(workDirectory);
        using var workLock = WorkDirectoryLock.Acquire(workDirectory);
        ClearLeftovers(workDirectory);

        var console = new AgentConsole(Options.Output, Options.Name);
        using var connection = new FarmConnection(Options, console);
        try
        {
            await connection.ConnectAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var agents = new AgentsClient(connection, console);
        var runner = new JobRunner(Options, new GrpcContentTransport(connection), new BlobCache(Path.Combine(workDirectory, "cache")), agents);
        var running = new RunningJobs();
        console.Line($"ready: {Options.Slots} slot(s), work directory {workDirectory}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = new HeartbeatLoop(agents, connection, running, console).RunAsync(stop.Token);
        var worker = new WorkerLoop(Options, agents, runner, running, console).RunAsync(stop.Token);
        await Task.WhenAny(heartbeat, worker);
        await stop.CancelAsync();
        await running.WhenAllEndedAsync();
        console.Line("stopped");
        await ObserveAsync(heartbeat, stop.Token);
        await ObserveAsync(worker, stop.Token);
    }

    /// <summary>Rethrows a loop's real failure; its cancellation is the normal way to stop.</summary>
    private static async Task ObserveAsync(Task loop, CancellationToken stopToken)
    {
        try
        {
            await loop;
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Workspaces, scripts and partial cache files of a previous run that died (the lock says none is running).</summary>
    private static void ClearLeftovers(string workDirectory)
    {
        foreach (var leftover in new[] { Path.Combine(workDirectory, "jobs"), Path.Combine(workDirectory, "scripts"), Path.Combine(workDirectory, "cache", "tmp") })
            if (Directory.Exists(leftover)) JobWorkspace.ForceDelete(leftover);
    }
}
