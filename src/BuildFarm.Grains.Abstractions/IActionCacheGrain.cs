using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// One entry of the action result cache, keyed by the action cache key (<see cref="ActionCacheKey"/>). It only keeps what
/// it was given; whether the blobs it names are still in the content store is checked by whoever reads it.
/// </summary>
public interface IActionCacheGrain : IGrainWithStringKey
{
    [ReadOnly] Task<ActionCacheEntry?> GetAsync();

    /// <summary>Records (or replaces) the entry; answers once it is persisted.</summary>
    Task PutAsync(ActionCacheEntry entry);

    /// <summary>Forgets the entry when it is still the one recorded by that attempt (a lookup found its blobs missing).</summary>
    Task DropAsync(string executionId, string stage, string action, int attempt);
}
