namespace BuildFarm.Grains;

/// <summary>
/// The build record of one pipeline action (keyed <c>pipeline/stage/action</c>): its build numbers and its build
/// cache, a tree in the content store that every agent can restore.
/// </summary>
public interface IBuildCacheGrain : IGrainWithStringKey
{
    /// <summary>A job starts: its build number (the same for every call of one job) and the saved cache, if any.</summary>
    Task<BuildCacheRecord> BeginAsync(string jobId);

    /// <summary>Records a tree (already in the content store) as the cache.</summary>
    Task PutAsync(string jobId, string treeHash, long treeSize, string savedBy);
}

[GenerateSerializer, Immutable, Alias("build-cache-record")]
public sealed record BuildCacheRecord
{
    [Id(0)] public required long BuildNumber { get; init; }
    [Id(1)] public string? TreeHash { get; init; }
    [Id(2)] public long TreeSize { get; init; }
    [Id(3)] public DateTimeOffset? SavedAt { get; init; }
    [Id(4)] public string? SavedBy { get; init; }

    public static string Key(string pipeline, string stage, string action) => $"{pipeline}/{stage}/{action}";
}
