using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Where executions are kept durably: a snapshot of the whole run, and the action rows written since. A transition that
/// changed only some actions of the current stage writes those rows (bytes in proportion to what changed, not to the size
/// of the execution); any other transition writes a new snapshot, which drops the rows. Every write is one transaction,
/// checked against the caller's etag (a stale activation cannot overwrite newer state), and is durable when it returns.
/// A write also takes the last log chunks of the results it records: a short job's log is stored with its result, in
/// the same transaction, instead of in a round trip to the log store before it.
/// </summary>
public interface IExecutionStore
{
    /// <summary>The stored execution, or null when there is none.</summary>
    Task<StoredExecution?> ReadAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the snapshot and deletes the action rows. <paramref name="expectedETag"/> is null for an execution not
    /// stored yet. Answers the new etag; throws <see cref="Orleans.Storage.InconsistentStateException"/> when the stored
    /// etag is not the expected one. Log tails are kept (a snapshot replaces action rows only).
    /// </summary>
    Task<string> WriteSnapshotAsync(string executionId, string? expectedETag, long revision, byte[] snapshot,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces action rows (by stage and action index) over the stored snapshot and sets the revision. Answers
    /// the new etag; throws <see cref="Orleans.Storage.InconsistentStateException"/> when the stored etag is not
    /// <paramref name="expectedETag"/> (or nothing is stored).
    /// </summary>
    Task<string> WriteActionsAsync(string executionId, string expectedETag, long revision, IReadOnlyList<ActionRow> actions,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default);

    /// <summary>The last log chunk stored with a job's result, or null when its result brought none (or it has none yet).</summary>
    Task<JobLogTail?> ReadLogTailAsync(string executionId, string jobId, CancellationToken cancellationToken = default);
}

/// <summary>An execution as stored: its snapshot and the action rows written after it, with the revision of the last write.</summary>
public sealed record StoredExecution(string ETag, long Revision, byte[] Snapshot, IReadOnlyList<ActionRow> Actions)
{
    /// <summary>The run it holds: the snapshot with the action rows laid over it.</summary>
    public ExecutionRun Restore(string executionId) =>
        ExecutionRunStorage.Restore(executionId, Snapshot, Actions.Select(a => (a.Stage, a.Action, a.Payload)), Revision);
}

/// <summary>
/// The last chunk of a job's log, stored with its result: the log store holds the bytes before <see cref="Offset"/>.
/// A job's tail is written once; a retried result's tail is the same bytes and is not written again.
/// </summary>
public sealed record JobLogTail(string JobId, long Offset, byte[] Data);

/// <summary>One action of the run (stage and action index in the pinned definition), serialized.</summary>
public sealed record ActionRow(int Stage, int Action, byte[] Payload);
