using BuildFarm.Agent.Connection;
using Grpc.Core;

namespace BuildFarm.Agent.Worker;

/// <summary>
/// Heartbeats on their own task, so a busy job cannot starve them. A failed heartbeat leaves running jobs alone
/// (the server gives their leases a TTL); a lease the server names in its answer is cancelled here.
/// </summary>
internal sealed class HeartbeatLoop(AgentsClient agents, FarmConnection connection, RunningJobs running, AgentConsole console)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failing = false;
        while (true)
        {
            var interval = connection.Identity.HeartbeatInterval;
            await Task.Delay(interval, cancellationToken);
            try
            {
                var deadline = interval > TimeSpan.FromSeconds(5) ? interval : TimeSpan.FromSeconds(5);
                var cancel = await agents.HeartbeatAsync(running.Leases, deadline, cancellationToken);
                if (failing) console.Line("heartbeats are getting through again");
                failing = false;
                foreach (var leaseId in cancel)
                    if (running.Cancel(leaseId) is { } lease)
                        console.Line($"job {lease.JobId} cancelled by the server (lease {leaseId})");
            }
            catch (RpcException e)
            {
                if (!failing) console.Line($"heartbeat failed ({e.StatusCode}: {e.Status.Detail}); running jobs go on, retrying");
                failing = true;
            }
        }
    }
}
