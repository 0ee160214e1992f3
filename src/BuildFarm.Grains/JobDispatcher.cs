using System.Security.Cryptography;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains;

/// <summary>
/// Serves an agent's Acquire: takes tickets from its pool's queue and asks each ticket's execution for a lease.
/// It runs in the gRPC handler, outside any grain, so the queue never waits on an execution.
/// </summary>
public sealed class JobDispatcher(IGrainFactory grains, TimeProvider time, ILogger<JobDispatcher> logger)
{
    public const string DefaultPool = Core.Definitions.AgentLabels.DefaultPool;

    /// <summary>An agent serves the pool its <c>pool</c> label names, and takes only jobs whose required labels it has.</summary>
    public async Task<IReadOnlyList<JobSpec>> AcquireAsync(AgentIdentity agent, int freeSlots, TimeSpan wait, CancellationToken cancellationToken)
    {
        var queue = grains.GetGrain<IJobQueueGrain>(Core.Definitions.AgentLabels.PoolOf(agent.Labels));
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            var tickets = await queue.TakeAsync(agent.AgentId, agent.Labels, freeSlots, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
            if (tickets.Count == 0) return [];
            if (cancellationToken.IsCancellationRequested)
            {
                await queue.EnqueueAsync(tickets);
                return [];
            }
            var leased = await Task.WhenAll(tickets.Select(t => LeaseAsync(t, agent)));
            var jobs = leased.OfType<JobSpec>().ToList();
            // Every ticket was stale (its job was leased elsewhere or its execution ended): keep waiting.
            if (jobs.Count > 0 || time.GetUtcNow() >= deadline) return jobs;
        }
    }

    private async Task<JobSpec?> LeaseAsync(JobTicket ticket, AgentIdentity agent)
    {
        try
        {
            var spec = await grains.GetGrain<IExecutionGrain>(ticket.ExecutionId)
                .GrantLeaseAsync(ticket.JobId, agent.AgentId, agent.Name, NewLeaseId());
            return spec is null ? null : await Secrets.JobSecretAttacher.AttachAsync(grains, spec);
        }
        catch (FarmException e)
        {
            logger.LogInformation("Dropped ticket {Job}: {Reason}", ticket.JobId, e.Message);
            return null;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not lease job {Job}; it goes back to the queue", ticket.JobId);
            await grains.GetGrain<IJobQueueGrain>(ticket.Pool).EnqueueAsync([ticket]);
            return null;
        }
    }

    private static string NewLeaseId() => "ls-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
