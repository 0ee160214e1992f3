using System.Collections.Concurrent;
using BuildFarm.Api.V1;

namespace BuildFarm.Agent.Worker;

/// <summary>The jobs in this agent's slots, by lease id, each with its own cancellation.</summary>
internal sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, Entry> jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim ended = new(0);

    public int Count => jobs.Count;

    public IReadOnlyList<Lease> Leases => jobs.Values.Select(e => e.Lease).ToList();

    /// <summary>Starts a job on its own task; its token ends with the agent's or with <see cref="Cancel"/>.</summary>
    public void Start(Lease lease, Func<CancellationToken, Task> run, CancellationToken agentToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(agentToken);
        var entry = new Entry(lease, cancellation);
        jobs[lease.LeaseId] = entry;
        entry.Task = Task.Run(async () =>
        {
            try
            {
                await run(cancellation.Token);
            }
            finally
            {
                jobs.TryRemove(new KeyValuePair<string, Entry>(lease.LeaseId, entry));
                cancellation.Dispose();
                ended.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>Cancels the job under this lease; answers it when it was running here and not cancelled before, null otherwise.</summary>
    public Lease? Cancel(string leaseId)
    {
        if (!jobs.TryGetValue(leaseId, out var entry)) return null;
        try
        {
            if (entry.Cancellation.IsCancellationRequested) return null;
            entry.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        return entry.Lease;
    }

    /// <summary>Returns when some job has ended since the last call (or at once if one already has).</summary>
    public Task WaitForEndAsync(CancellationToken cancellationToken) => ended.WaitAsync(cancellationToken);

    public Task WhenAllEndedAsync() => Task.WhenAll(jobs.Values.Select(e => e.Task));

    private sealed record Entry(Lease Lease, CancellationTokenSource Cancellation)
    {
        public Task Task { get; set; } = Task.CompletedTask;
    }
}
