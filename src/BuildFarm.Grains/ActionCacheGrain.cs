using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

[GenerateSerializer, Alias("action-cache-state")]
public sealed class ActionCacheState
{
    [Id(0)] public ActionCacheEntry? Entry { get; set; }
}

/// <summary>One action cache entry; small state, written when a successful attempt records its result.</summary>
public sealed class ActionCacheGrain(
    [PersistentState("action-cache", FarmGrainOptions.StorageName)] IPersistentState<ActionCacheState> cache) : Grain, IActionCacheGrain
{
    public Task<ActionCacheEntry?> GetAsync() => Task.FromResult(cache.State.Entry);

    public async Task PutAsync(ActionCacheEntry entry)
    {
        if (entry.Key != this.GetPrimaryKeyString())
            throw new ArgumentException($"a cache entry keyed '{entry.Key}' was sent to the cache grain '{this.GetPrimaryKeyString()}'", nameof(entry));
        cache.State.Entry = entry;
        await cache.WriteStateAsync();
    }

    public async Task DropAsync(string executionId, string stage, string action, int attempt)
    {
        if (cache.State.Entry is not { } entry || entry.ExecutionId != executionId || entry.Stage != stage || entry.Action != action || entry.Attempt != attempt)
            return;
        cache.State.Entry = null;
        await cache.WriteStateAsync();
    }
}
