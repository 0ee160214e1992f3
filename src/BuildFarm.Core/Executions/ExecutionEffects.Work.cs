namespace BuildFarm.Core.Executions;

/// <summary>The effects of the action cache and of batches: work the grain does and answers as a transition of its own.</summary>
public sealed partial class ExecutionEffects
{
    /// <summary>Attempts to look up in the action cache before they are queued (the grain answers with <see cref="ExecutionRun.ApplyCacheAnswers"/>).</summary>
    public List<CacheLookup> CacheLookups { get; } = [];
    /// <summary>Results to record in the action cache.</summary>
    public List<ActionCacheEntry> CacheRecords { get; } = [];
    /// <summary>Batches whose artifacts the grain combines (it answers with <see cref="ExecutionRun.CompleteBatch"/>).</summary>
    public List<BatchCombine> Combines { get; } = [];

    private bool HasGrainWork => CacheLookups.Count > 0 || CacheRecords.Count > 0 || Combines.Count > 0;

    /// <summary>
    /// Nothing but work that is written again before anyone hears of it: queued jobs (a lease is durable before its
    /// agent hears of it) and cache lookups (their answers are written). The transition behind such effects may ride
    /// on that later write.
    /// </summary>
    public bool OnlyQueuesWork => (Enqueue.Count > 0 || CacheLookups.Count > 0) && LeaveStage is null && EnterStage is null &&
                                  !Finished && StartRollback is null && CacheRecords.Count == 0 && Combines.Count == 0;

    /// <summary>Adds a later transition's effects to these (its stage moves win; lists add up).</summary>
    public void Merge(ExecutionEffects later)
    {
        LeaveStage = later.LeaveStage ?? LeaveStage;
        LeftSucceeded = later.LeaveStage is null ? LeftSucceeded : later.LeftSucceeded;
        if (later.EnterStage is not null)
        {
            EnterStage = later.EnterStage;
            Reenter = later.Reenter;
        }
        Finished |= later.Finished;
        StartRollback = later.StartRollback ?? StartRollback;
        Enqueue.AddRange(later.Enqueue);
        CacheLookups.AddRange(later.CacheLookups);
        CacheRecords.AddRange(later.CacheRecords);
        Combines.AddRange(later.Combines);
    }
}
