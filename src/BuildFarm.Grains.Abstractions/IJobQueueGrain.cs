using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// The pending jobs of one agent pool, handed to agents that ask (long-poll). Not durable on purpose: each
/// execution durably records its queued attempts and puts them back (<see cref="IExecutionGrain.WakeAsync"/>).
/// </summary>
public interface IJobQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds tickets; a ticket already pending is not added twice.</summary>
    Task EnqueueAsync(IReadOnlyList<JobTicket> tickets);

    /// <summary>Takes up to <paramref name="max"/> tickets, waiting up to <paramref name="wait"/> for the first.</summary>
    [AlwaysInterleave] Task<IReadOnlyList<JobTicket>> TakeAsync(string agentId, int max, TimeSpan wait, CancellationToken cancellationToken = default);

    [ReadOnly] Task<int> CountAsync();
}
