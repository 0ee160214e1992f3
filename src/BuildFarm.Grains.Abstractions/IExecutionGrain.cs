using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>One execution (keyed by execution id): drives its stages and actions, and fences job results by lease.</summary>
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>Takes over a freshly created run (pinned definition and variables), persists it and starts it.</summary>
    Task StartAsync(ExecutionRun run);

    /// <summary>NotFound when no such execution exists.</summary>
    [ReadOnly] Task<ExecutionRun> GetAsync();

    /// <summary>Answers once the revision is past <paramref name="afterRevision"/>, or when the wait ends (long-poll for watchers).</summary>
    [AlwaysInterleave] Task<ExecutionRun> WaitForChangeAsync(long afterRevision, TimeSpan wait);

    /// <summary>Leases a queued job to an agent; null when the job is no longer wanted.</summary>
    Task<JobSpec?> GrantLeaseAsync(string jobId, string agentId, string agentName, string leaseId);

    /// <summary>Accepts a job's result. FailedPrecondition when the lease is no longer live (the result is refused).</summary>
    Task CompleteAsync(string jobId, string leaseId, JobResult result);

    /// <summary>Renews running leases; answers the lease ids that are no longer live.</summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases);

    /// <summary>The stage's gate admitted this execution (sent by the stage grain).</summary>
    Task StageAdmittedAsync(int stageIndex);

    /// <summary>A newer execution replaced this one in front of a stage (sent by the stage grain).</summary>
    Task SupersededAsync(int stageIndex, string newerExecutionId);

    /// <summary>Brings an unfinished execution back after a restart: queue its jobs again and resume its timers.</summary>
    Task WakeAsync();
}
