using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// Where executions are kept durably: a snapshot of the whole run, and the action rows written since. A transition that
/// changed only some actions of the current stage writes those rows (bytes in proportion to what changed, not to the size
/// of the execution); any other transition writes a new snapshot, which drops the rows. Every write is one transaction,
/// checked against the caller's etag (a stale activation cannot overwrite newer state), and is durable when it returns.
/// </summary>
public interface IExecutionStore
{
    /// <summary>The stored execution, or null when there is none.</summary>
    Task<StoredExecution?> ReadAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the snapshot and deletes the action rows. <paramref name="expectedETag"/> is null for an execution not
    /// stored yet. Answers the new etag; throws <see cref="Orleans.Storage.InconsistentStateException"/> when the stored
    /// etag is not the expected one.
    /// </summary>
    Task<string> WriteSnapshotAsync(string executionId, string? expectedETag, long revision, byte[] snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces action rows (by stage and action index) over the stored snapshot and sets the revision. Answers
    /// the new etag; throws <see cref="Orleans.Storage.InconsistentStateException"/> when the stored etag is not
    /// <paramref name="expectedETag"/> (or nothing is stored).
    /// </summary>
    Task<string> WriteActionsAsync(string executionId, string expectedETag, long revision, IReadOnlyList<ActionRow> actions, CancellationToken cancellationToken = default);
}

/// <summary>An execution as stored: its snapshot and the action rows written after it, with the revision of the last write.</summary>
public sealed record StoredExecution(string ETag, long Revision, byte[] Snapshot, IReadOnlyList<ActionRow> Actions)
{
    /// <summary>The run it holds: the snapshot with the action rows laid over it.</summary>
    public ExecutionRun Restore(string executionId) =>
        ExecutionRunStorage.Restore(executionId, Snapshot, Actions.Select(a => (a.Stage, a.Action, a.Payload)), Revision);
}

/// <summary>One action of the run (stage and action index in the pinned definition), serialized.</summary>
public sealed record ActionRow(int Stage, int Action, byte[] Payload);
