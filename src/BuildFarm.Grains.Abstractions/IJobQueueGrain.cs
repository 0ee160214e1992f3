using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// The pending jobs of one agent pool, handed to agents that ask (long-poll) and whose labels include each job's required
/// labels. Not durable on purpose: each execution durably records its queued attempts and puts them back
/// (<see cref="IExecutionGrain.WakeAsync"/>).
/// </summary>
public interface IJobQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds tickets; a ticket already pending is not added twice. Tickets are records nobody changes: they cross uncopied.</summary>
    Task EnqueueAsync(Immutable<IReadOnlyList<JobTicket>> tickets);

    /// <summary>Takes up to <paramref name="max"/> tickets an agent with these labels may run, waiting up to <paramref name="wait"/> for the first.</summary>
    [AlwaysInterleave]
    Task<Immutable<IReadOnlyList<JobTicket>>> TakeAsync(string agentId, Dictionary<string, string> labels, int max, TimeSpan wait, CancellationToken cancellationToken = default);

    [ReadOnly] Task<int> CountAsync();

    /// <summary>What waits, grouped by the labels it requires.</summary>
    [ReadOnly] Task<IReadOnlyList<QueueDemand>> GetDemandAsync();
}

/// <summary>Jobs of one pool waiting for an agent with these labels.</summary>
[GenerateSerializer, Immutable, Alias("queue-demand")]
public sealed record QueueDemand
{
    [Id(0)] public required string Pool { get; init; }
    [Id(1)] public required Dictionary<string, string> Labels { get; init; }
    [Id(2)] public required int Jobs { get; init; }
    [Id(3)] public required string OldestJobId { get; init; }
    [Id(4)] public required DateTimeOffset Since { get; init; }
}
