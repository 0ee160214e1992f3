namespace BuildFarm.Grains;

[GenerateSerializer, Alias("build-cache-state")]
public sealed class BuildCacheState
{
    [Id(0)] public long LastBuildNumber { get; set; }
    /// <summary>The build numbers of recent jobs, so a retried call gets the number it got before.</summary>
    [Id(1)] public Dictionary<string, long> RecentJobs { get; set; } = [];
    [Id(2)] public string? TreeHash { get; set; }
    [Id(3)] public long TreeSize { get; set; }
    [Id(4)] public DateTimeOffset? SavedAt { get; set; }
    [Id(5)] public string? SavedBy { get; set; }
}

/// <summary>One pipeline action's build numbers and cache entry; small state, written only when it changes.</summary>
public sealed class BuildCacheGrain(
    [PersistentState("build-cache", FarmGrainOptions.StorageName)] IPersistentState<BuildCacheState> cache,
    TimeProvider time) : Grain, IBuildCacheGrain
{
    private const int RecentJobsKept = 64;

    public async Task<BuildCacheRecord> BeginAsync(string jobId)
    {
        var state = cache.State;
        if (!state.RecentJobs.TryGetValue(jobId, out var number))
        {
            number = ++state.LastBuildNumber;
            state.RecentJobs[jobId] = number;
            foreach (var old in state.RecentJobs.OrderBy(j => j.Value).Take(Math.Max(0, state.RecentJobs.Count - RecentJobsKept)).ToList())
                state.RecentJobs.Remove(old.Key);
            await cache.WriteStateAsync();
        }
        return new BuildCacheRecord
        {
            BuildNumber = number,
            TreeHash = state.TreeHash,
            TreeSize = state.TreeSize,
            SavedAt = state.SavedAt,
            SavedBy = state.SavedBy,
        };
    }

    public async Task PutAsync(string jobId, string treeHash, long treeSize, string savedBy)
    {
        var state = cache.State;
        if (state.TreeHash == treeHash && state.TreeSize == treeSize) return;
        state.TreeHash = treeHash;
        state.TreeSize = treeSize;
        state.SavedAt = time.GetUtcNow();
        state.SavedBy = $"{savedBy} ({jobId})";
        await cache.WriteStateAsync();
    }
}
