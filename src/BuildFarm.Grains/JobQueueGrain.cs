using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Pending jobs of one pool, in arrival order, handed straight to waiting agents whose labels include the job's required
/// ones. A job without labels suits any agent of the pool, so the common case takes the first ticket; a labeled job an
/// asking agent cannot take is passed over, and waits for one that can. Memory only: executions record their queued
/// attempts durably and enqueue them again when they recover.
/// </summary>
public sealed class JobQueueGrain(IGrainFactory grains, TimeProvider time) : Grain, IJobQueueGrain
{
    private readonly LinkedList<Pending> pending = new();
    private readonly HashSet<string> pendingIds = [];
    private readonly LinkedList<Waiter> waiters = new();

    private sealed record Pending(JobTicket Ticket, DateTimeOffset Since);

    private sealed class Waiter(int max, IReadOnlyDictionary<string, string> labels)
    {
        public int Max { get; } = max;
        public IReadOnlyDictionary<string, string> Labels { get; } = labels;
        public TaskCompletionSource<IReadOnlyList<JobTicket>> Handed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Pools are listed so that `farm agents list` can find work waiting in a pool no agent serves.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        grains.Get<ICatalogGrain>(CatalogKeys.Pools).AddAsync(this.GetPrimaryKeyString());

    public Task EnqueueAsync(Immutable<IReadOnlyList<JobTicket>> tickets)
    {
        var now = time.GetUtcNow();
        foreach (var ticket in tickets.Value)
            if (pendingIds.Add(ticket.JobId))
                pending.AddLast(new Pending(ticket, now));
        for (var waiter = waiters.First; waiter is not null && pending.Count > 0;)
        {
            var next = waiter.Next;
            var taken = Take(waiter.Value.Max, waiter.Value.Labels);
            if (taken.Count > 0)
            {
                waiters.Remove(waiter);
                waiter.Value.Handed.TrySetResult(taken);
            }
            waiter = next;
        }
        return Task.CompletedTask;
    }

    public async Task<Immutable<IReadOnlyList<JobTicket>>> TakeAsync(string agentId, Dictionary<string, string> labels, int max, TimeSpan wait, CancellationToken cancellationToken) =>
        new(await TakeOrWaitAsync(labels, max, wait, cancellationToken));

    private async Task<IReadOnlyList<JobTicket>> TakeOrWaitAsync(Dictionary<string, string> labels, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        var taken = Take(max, labels);
        if (taken.Count > 0 || wait <= TimeSpan.Zero) return taken;
        var waiter = waiters.AddLast(new Waiter(max, labels));
        try
        {
            return await waiter.Value.Handed.Task.WaitAsync(wait, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (waiter.List is not null) waiters.Remove(waiter);
            // Handed over in the same instant the wait ended: the tickets are this caller's, never drop them.
            return waiter.Value.Handed.Task.IsCompletedSuccessfully ? waiter.Value.Handed.Task.Result : [];
        }
    }

    public Task<int> CountAsync() => Task.FromResult(pending.Count);

    public Task<IReadOnlyList<QueueDemand>> GetDemandAsync() =>
        Task.FromResult<IReadOnlyList<QueueDemand>>(pending
            .GroupBy(p => AgentLabels.Describe(p.Ticket.Labels ?? new Dictionary<string, string>()))
            .Select(g => new QueueDemand
            {
                Pool = this.GetPrimaryKeyString(),
                Labels = new Dictionary<string, string>(g.First().Ticket.Labels ?? new Dictionary<string, string>()),
                Jobs = g.Count(),
                OldestJobId = g.First().Ticket.JobId,
                Since = g.First().Since,
            })
            .ToList());

    private List<JobTicket> Take(int max, IReadOnlyDictionary<string, string> labels)
    {
        var taken = new List<JobTicket>(Math.Min(max, pending.Count));
        for (var node = pending.First; node is not null && taken.Count < max;)
        {
            var next = node.Next;
            if (AgentLabels.Satisfies(node.Value.Ticket.Labels, labels))
            {
                pending.Remove(node);
                pendingIds.Remove(node.Value.Ticket.JobId);
                taken.Add(node.Value.Ticket);
            }
            node = next;
        }
        return taken;
    }
}
