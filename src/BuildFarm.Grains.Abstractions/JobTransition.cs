using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>A queued job, the lease id the dispatcher offers for it, and the agent that asked.</summary>
[GenerateSerializer, Immutable, Alias("lease-offer")]
public sealed record LeaseOffer([property: Id(0)] string JobId, [property: Id(1)] string LeaseId, [property: Id(2)] string AgentId, [property: Id(3)] string AgentName);

/// <summary>
/// A job's result as its agent reported it under its lease, with its log's last chunk (at most 64 KiB, from
/// <see cref="LogOffset"/>): that chunk is stored in the same write as the result.
/// </summary>
[GenerateSerializer, Immutable, Alias("job-completion")]
public sealed record JobCompletion(
    [property: Id(0)] string JobId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] JobResult Result,
    [property: Id(3)] long LogOffset = 0,
    [property: Id(4)] byte[]? LogData = null)
{
    /// <summary>The largest last chunk a result may carry (an agent's log chunk).</summary>
    public const int MaxLogTail = 64 * 1024;

    /// <summary>The log's last chunk as it is stored, or null when the result brought none.</summary>
    public JobLogTail? LogTail => LogData is { Length: > 0 } data ? new JobLogTail(JobId, LogOffset, data) : null;
}

/// <summary>One item of an execution's batch of job transitions: a lease asked for, or a result reported.</summary>
[GenerateSerializer, Immutable, Alias("job-transition")]
public sealed record JobTransition
{
    [Id(0)] public LeaseOffer? Lease { get; init; }
    [Id(1)] public JobCompletion? Result { get; init; }
    /// <summary>
    /// A lease asked for with its agent's result (the nearest result before it in the batch): granted only if that
    /// result is accepted, else refused untouched, for its ticket to go back to the queue.
    /// </summary>
    [Id(2)] public bool AfterAcceptedResult { get; init; }

    public static JobTransition Of(LeaseOffer lease, bool afterAcceptedResult = false) => new() { Lease = lease, AfterAcceptedResult = afterAcceptedResult };
    public static JobTransition Of(JobCompletion result) => new() { Result = result };
}

/// <summary>
/// The answer to one <see cref="JobTransition"/>: for a lease, the job's spec, or null when the job is no longer wanted
/// (with a refusal when the result it went with was refused, and the job is still queued); for a result, null when it
/// was accepted, or why it was refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("job-answer")]
public sealed record JobAnswer([property: Id(0)] JobSpec? Spec, [property: Id(1)] string? Refusal);
