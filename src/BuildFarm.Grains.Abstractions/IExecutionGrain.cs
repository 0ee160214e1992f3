using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>One execution (keyed by execution id): drives its stages and actions, and fences job results by lease.</summary>
public interface IExecutionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes over a freshly created run (pinned definition and variables), persists it and starts it. The run crosses
    /// as <see cref="Immutable{T}"/> because its creator hands it over and never touches it again: the grain owns it
    /// from here, and a copy of a whole run (a fanout of 200 actions: about 1.5 ms) would buy nothing.
    /// </summary>
    Task StartAsync(Immutable<ExecutionRun> run);

    /// <summary>NotFound when no such execution exists.</summary>
    [ReadOnly] Task<ExecutionRun> GetAsync();

    /// <summary>
    /// The few fields lists show, as last persisted; NotFound when no such execution exists. Interleaves: a list or a
    /// dashboard polling it never waits for, nor holds back, a transition's durable write.
    /// </summary>
    [AlwaysInterleave] Task<ExecutionSummaryRecord> GetSummaryAsync();

    /// <summary>Answers once the revision is past <paramref name="afterRevision"/>, or when the wait ends (long-poll for watchers).</summary>
    [AlwaysInterleave] Task<ExecutionRun> WaitForChangeAsync(long afterRevision, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies leases and results of jobs, in order, with one durable write for all (group commit: the server's
    /// `JobTransitions` sends what arrived together); answers one <see cref="JobAnswer"/> per item. A lease is durable
    /// before its agent hears of it; a result is durable before its agent's call returns, and refused when its lease
    /// is no longer live. Both directions cross as <see cref="Immutable{T}"/>: nobody changes them after the call, and
    /// Orleans would otherwise deep-copy them through JSON.
    /// </summary>
    Task<Immutable<IReadOnlyList<JobAnswer>>> ApplyAsync(Immutable<IReadOnlyList<JobTransition>> transitions);

    /// <summary>Renews running leases; answers the lease ids that are no longer live.</summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases);

    /// <summary>
    /// Whether the lease is the live lease of the job (checked before accepting its log). Interleaves: it reads memory
    /// only, and a log's check must not wait for other jobs' results to be written.
    /// </summary>
    [AlwaysInterleave] Task<bool> IsLeaseLiveAsync(string jobId, string leaseId);

    /// <summary>One attempt (0 = the newest) of an action; null when there is none.</summary>
    [ReadOnly] Task<ActionAttempt?> GetAttemptAsync(string stage, string action, int attempt);

    /// <summary>The newest attempt of one build of the batch of an action's attempt (0 = the newest); null when there is none.</summary>
    [ReadOnly] Task<ActionAttempt?> GetBuildAttemptAsync(string stage, string action, int attempt, string build);

    /// <summary>The stage's gate admitted this execution (sent by the stage grain).</summary>
    Task StageAdmittedAsync(string stage);

    /// <summary>A newer execution replaced this one in front of a stage (sent by the stage grain).</summary>
    Task SupersededAsync(string stage, string newerExecutionId);

    /// <summary>Stops the execution: stop and wait, or abandon. FailedPrecondition when it already ended.</summary>
    Task<ExecutionSummaryRecord> StopAsync(bool abandon, string by, string? reason);

    /// <summary>Runs a failed stage again. FailedPrecondition when the stage did not fail or a newer execution entered it.</summary>
    Task RetryStageAsync(string stage, StageRetryMode mode, string by);

    /// <summary>Approves or rejects a pending manual approval. FailedPrecondition when it is not waiting for a decision.</summary>
    Task PutApprovalAsync(string stage, string action, bool approved, string by, string? comment);

    /// <summary>
    /// What a rollback of the stage to this execution takes. Interleaves (it only reads), so a pipeline grain serving
    /// another execution's rollback request never waits for this one.
    /// </summary>
    [AlwaysInterleave] Task<RollbackSource> GetRollbackSourceAsync(string stage);

    /// <summary>
    /// Brings an unfinished execution back after a restart. Activation itself does the work (queue the jobs again,
    /// re-ask the gate, resume lease timers); this call only makes sure the grain is active.
    /// </summary>
    Task WakeAsync();

    /// <summary>
    /// Recovers even when already active: queued jobs go back to the queue (memory only, it may have died with a
    /// node), the gate is asked again, running leases get time to be renewed. Safe to repeat.
    /// </summary>
    Task ResumeAsync();
}

[GenerateSerializer, Immutable, Alias("execution-summary")]
public sealed record ExecutionSummaryRecord
{
    [Id(0)] public required string ExecutionId { get; init; }
    [Id(1)] public required string Pipeline { get; init; }
    [Id(2)] public required int PipelineVersion { get; init; }
    [Id(3)] public required ExecutionStatus Status { get; init; }
    [Id(4)] public string? StatusSummary { get; init; }
    [Id(5)] public required string Trigger { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(8)] public ExecutionTrigger? TriggerInfo { get; init; }
    [Id(20)] public ExecutionType Type { get; init; }
}
