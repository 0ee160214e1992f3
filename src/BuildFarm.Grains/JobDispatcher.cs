using System.Security.Cryptography;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains;

/// <summary>
/// Serves an agent's Acquire: takes tickets from its pool's queue and asks each ticket's execution for a lease.
/// It runs in the gRPC handler, outside any grain, so the queue never waits on an execution.
/// </summary>
public sealed class JobDispatcher(IGrainFactory grains, TimeProvider time, JobTransitions transitions, ILogger<JobDispatcher> logger)
{
    /// <summary>An agent serves the pool its <c>pool</c> label names, and takes only jobs whose required labels it has.</summary>
    public async Task<IReadOnlyList<JobSpec>> AcquireAsync(AgentIdentity agent, int freeSlots, TimeSpan wait, CancellationToken cancellationToken)
    {
        var queue = QueueOf(agent);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            var taken = await queue.TakeAsync(agent.AgentId, agent.Labels, freeSlots, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
            var tickets = taken.Value;
            if (tickets.Count == 0) return [];
            if (cancellationToken.IsCancellationRequested)
            {
                await queue.EnqueueAsync(taken);
                return [];
            }
            // One call, and one durable write, per execution for all of its tickets in this take.
            var leased = await Task.WhenAll(tickets.GroupBy(t => t.ExecutionId).Select(g => LeaseAsync(g.Key, g.ToList(), agent)));
            var jobs = leased.SelectMany(j => j).ToList();
            // Every ticket was stale (its job was leased elsewhere or its execution ended): keep waiting.
            if (jobs.Count > 0 || time.GetUtcNow() >= deadline) return jobs;
        }
    }

    /// <summary>
    /// Reports a result and answers work for the slot it freed, without waiting: the slot's next jobs are taken first,
    /// and those of the result's own execution (all of them in a one-stage fanout) are leased in the result's batch, so
    /// the result and the next lease cost one call and one durable write. When the result is refused or cannot be
    /// written, the taken jobs go back to the queue and the call fails as the result alone would have. A failure to
    /// take or lease answers no jobs (the agent's Acquire asks again): the result is what the call is for.
    /// </summary>
    public async Task<IReadOnlyList<JobSpec>> CompleteAndAcquireAsync(
        AgentIdentity agent, string executionId, JobCompletion completion, int freeSlots, CancellationToken cancellationToken)
    {
        var queue = QueueOf(agent);
        IReadOnlyList<JobTicket> tickets = [];
        try
        {
            tickets = (await queue.TakeAsync(agent.AgentId, agent.Labels, freeSlots, TimeSpan.Zero, cancellationToken)).Value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Agent {Agent}: no next jobs with its result", agent.Name);
        }
        var own = tickets.Where(t => t.ExecutionId == executionId).ToList();
        IReadOnlyList<JobSpec> specs;
        try
        {
            specs = await transitions.CompleteAndLeaseAsync(executionId, completion, own.Select(t => Offer(t, agent)).ToList());
        }
        catch
        {
            if (tickets.Count > 0) await queue.EnqueueAsync(new(tickets));
            throw;
        }
        var others = await Task.WhenAll(tickets.Where(t => t.ExecutionId != executionId).GroupBy(t => t.ExecutionId)
            .Select(g => LeaseAsync(g.Key, g.ToList(), agent)));
        var attached = await Task.WhenAll(specs.Select(spec => AttachSecretsAsync(executionId, spec)));
        return [.. attached.OfType<JobSpec>(), .. others.SelectMany(j => j)];
    }

    private IJobQueueGrain QueueOf(AgentIdentity agent) => grains.Get<IJobQueueGrain>(Core.Definitions.AgentLabels.PoolOf(agent.Labels));

    private static LeaseOffer Offer(JobTicket ticket, AgentIdentity agent) => new(ticket.JobId, NewLeaseId(), agent.AgentId, agent.Name);

    private async Task<IReadOnlyList<JobSpec>> LeaseAsync(string executionId, IReadOnlyList<JobTicket> tickets, AgentIdentity agent)
    {
        IReadOnlyList<JobSpec> specs;
        try
        {
            specs = await transitions.LeaseAsync(executionId, tickets.Select(t => Offer(t, agent)));
        }
        catch (FarmException e)
        {
            logger.LogInformation("Dropped tickets {Jobs}: {Reason}", string.Join(", ", tickets.Select(t => t.JobId)), e.Message);
            return [];
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not lease jobs {Jobs}; they go back to the queue", string.Join(", ", tickets.Select(t => t.JobId)));
            foreach (var pool in tickets.GroupBy(t => t.Pool))
                await grains.Get<IJobQueueGrain>(pool.Key).EnqueueAsync(new(pool.ToList()));
            return [];
        }
        // Leased from here on: a job is sent or failed, never put back (its lease would expire and blame the agent).
        var attached = await Task.WhenAll(specs.Select(spec => AttachSecretsAsync(executionId, spec)));
        return attached.OfType<JobSpec>().ToList();
    }

    /// <summary>
    /// The job with its secrets' values; null when one cannot be read, after failing the job (it is leased already:
    /// putting it back would leave its lease to expire and blame the agent).
    /// </summary>
    private async Task<JobSpec?> AttachSecretsAsync(string executionId, JobSpec spec)
    {
        try
        {
            return await Secrets.JobSecretAttacher.AttachAsync(grains, spec);
        }
        catch (FarmException e)
        {
            logger.LogWarning("Job {Job} fails before it is sent: {Reason}", spec.JobId, e.Message);
            try
            {
                await transitions.CompleteAsync(executionId, new JobCompletion(spec.JobId, spec.LeaseId, JobResult.Failure(ErrorKind.ConfigurationError, e.Message)));
            }
            catch (Exception refused)
            {
                // The execution moved on (stopped, or the lease is gone): nothing is left to fail.
                logger.LogInformation("Job {Job}: its failure was not taken: {Reason}", spec.JobId, refused.Message);
            }
            return null;
        }
        catch (Exception e)
        {
            // The secret store did not answer: sending the job without its values would be wrong, so its lease runs out and it runs again.
            logger.LogWarning(e, "Job {Job}: its secrets could not be read; its lease will expire and it runs again", spec.JobId);
            return null;
        }
    }

    private static string NewLeaseId() => "ls-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
