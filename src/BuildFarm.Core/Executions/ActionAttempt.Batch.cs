namespace BuildFarm.Core.Executions;

/// <summary>What an attempt holds of the action cache and of a batch.</summary>
public sealed partial class ActionAttempt
{
    /// <summary>For a Buildspec action whose buildspec has a batch: its builds (this attempt's job planned them).</summary>
    public BatchRun? Batch { get; set; }
    /// <summary>The action cache key, for an action the cache may serve.</summary>
    public string? CacheKey { get; set; }
    /// <summary>Set when the attempt took its result from the action cache instead of running.</summary>
    public CacheHitRecord? CacheHit { get; set; }
}
