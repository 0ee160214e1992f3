using BuildFarm.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace BuildFarm.Server.Hosting;

/// <summary>
/// When another node is declared dead, resumes every unfinished execution at once instead of at its next watchdog
/// reminder: the job queue lives in memory and may have died with that node, and so may executions' lease timers.
/// Every surviving node does it; resuming is idempotent.
/// </summary>
public sealed class ClusterRecovery(IClusterMembershipService membership, IGrainFactory grains, ILogger<ClusterRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dead = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count == 0) continue;
                logger.LogWarning("Node(s) {Nodes} left the cluster; resuming unfinished executions",
                    string.Join(", ", newlyDead.Select(m => $"{m.Name} ({m.SiloAddress})")));
                await ExecutionWaker.WakeAllAsync(grains, logger, resume: true, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
