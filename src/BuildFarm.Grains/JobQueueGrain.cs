using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Pending jobs of one pool, in arrival order, handed straight to waiting agents. Memory only: executions
/// record their queued attempts durably and enqueue them again when they recover.
/// </summary>
public sealed class JobQueueGrain : Grain, IJobQueueGrain
{
    private readonly LinkedList<JobTicket> pending = new();
    private readonly HashSet<string> pendingIds = [];
    private readonly LinkedList<Waiter> waiters = new();

    private sealed class Waiter(int max)
    {
        public int Max { get; } = max;
        public TaskCompletionSource<IReadOnlyList<JobTicket>> Handed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task EnqueueAsync(IReadOnlyList<JobTicket> tickets)
    {
        foreach (var ticket in tickets)
            if (pendingIds.Add(ticket.JobId))
                pending.AddLast(ticket);
        while (waiters.First is { } first && pending.Count > 0)
        {
            waiters.RemoveFirst();
            first.Value.Handed.TrySetResult(Take(first.Value.Max));
        }
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<JobTicket>> TakeAsync(string agentId, int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (max <= 0) return [];
        if (pending.Count > 0 || wait <= TimeSpan.Zero) return Take(max);
        var waiter = waiters.AddLast(new Waiter(max));
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

    private List<JobTicket> Take(int max)
    {
        var taken = new List<JobTicket>(Math.Min(max, pending.Count));
        while (taken.Count < max && pending.First is { } first)
        {
            pending.RemoveFirst();
            pendingIds.Remove(first.Value.JobId);
            taken.Add(first.Value);
        }
        return taken;
    }
}
