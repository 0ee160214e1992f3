using BuildFarm.Grains;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace BuildFarm.Storage.Sqlite;

/// <summary>
/// Executions in the embedded database: per execution a head (etag, revision) and a snapshot, and one row per action
/// written since the snapshot. Each write is one step of the database's group commit (one transaction, many callers).
/// </summary>
public sealed class SqliteExecutionStore(SqliteDatabase database) : IExecutionStore
{
    // The snapshot has a table of its own: SQLite rewrites a whole record on any update, so a snapshot beside the
    // etag would be rewritten by every write of action rows.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS execution_head (
            execution_id TEXT    NOT NULL PRIMARY KEY,
            etag         TEXT    NOT NULL,
            revision     INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS execution_snapshot (
            execution_id TEXT NOT NULL PRIMARY KEY,
            snapshot     BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS execution_action (
            execution_id TEXT    NOT NULL,
            stage        INTEGER NOT NULL,
            action       INTEGER NOT NULL,
            payload      BLOB    NOT NULL,
            PRIMARY KEY (execution_id, stage, action)
        );
        CREATE TABLE IF NOT EXISTS execution_log_tail (
            execution_id TEXT    NOT NULL,
            job_id       TEXT    NOT NULL,
            log_offset   INTEGER NOT NULL,
            data         BLOB    NOT NULL,
            PRIMARY KEY (execution_id, job_id)
        );
        """;

    public async Task<StoredExecution?> ReadAsync(string executionId, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(Schema);
        return await database.ReadAsync(connection =>
        {
            // One read transaction: the snapshot and its rows come from the same commit.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var execution = transaction.Command(
                """
                SELECT h.etag, h.revision, s.snapshot FROM execution_head h JOIN execution_snapshot s USING (execution_id)
                WHERE h.execution_id = $id
                """, ("$id", executionId));
            using var row = execution.ExecuteReader();
            if (!row.Read()) return null;
            var (etag, revision, snapshot) = (row.GetString(0), row.GetInt64(1), (byte[])row.GetValue(2));
            using var actions = transaction.Command(
                "SELECT stage, action, payload FROM execution_action WHERE execution_id = $id ORDER BY stage, action", ("$id", executionId));
            using var rows = actions.ExecuteReader();
            var list = new List<ActionRow>();
            while (rows.Read()) list.Add(new ActionRow(rows.GetInt32(0), rows.GetInt32(1), (byte[])rows.GetValue(2)));
            return new StoredExecution(etag, revision, snapshot, list);
        }, cancellationToken);
    }

    public async Task<string> WriteSnapshotAsync(string executionId, string? expectedETag, long revision, byte[] snapshot,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(Schema);
        return await database.WriteAsync(transaction =>
        {
            CheckETag(transaction, executionId, expectedETag);
            var etag = NewETag();
            transaction.Execute(
                """
                INSERT INTO execution_head (execution_id, etag, revision) VALUES ($id, $etag, $revision)
                ON CONFLICT (execution_id) DO UPDATE SET etag = excluded.etag, revision = excluded.revision
                """,
                ("$id", executionId), ("$etag", etag), ("$revision", revision));
            transaction.Execute(
                """
                INSERT INTO execution_snapshot (execution_id, snapshot) VALUES ($id, $snapshot)
                ON CONFLICT (execution_id) DO UPDATE SET snapshot = excluded.snapshot
                """,
                ("$id", executionId), ("$snapshot", snapshot));
            transaction.Execute("DELETE FROM execution_action WHERE execution_id = $id", ("$id", executionId));
            InsertLogTails(transaction, executionId, logTails);
            return etag;
        }, cancellationToken);
    }

    public async Task<string> WriteActionsAsync(string executionId, string expectedETag, long revision, IReadOnlyList<ActionRow> actions,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(Schema);
        return await database.WriteAsync(transaction =>
        {
            CheckETag(transaction, executionId, expectedETag);
            var etag = NewETag();
            transaction.Execute("UPDATE execution_head SET etag = $etag, revision = $revision WHERE execution_id = $id",
                ("$id", executionId), ("$etag", etag), ("$revision", revision));
            foreach (var row in actions)
                transaction.Execute(
                    """
                    INSERT INTO execution_action (execution_id, stage, action, payload) VALUES ($id, $stage, $action, $payload)
                    ON CONFLICT (execution_id, stage, action) DO UPDATE SET payload = excluded.payload
                    """,
                    ("$id", executionId), ("$stage", row.Stage), ("$action", row.Action), ("$payload", row.Payload));
            InsertLogTails(transaction, executionId, logTails);
            return etag;
        }, cancellationToken);
    }

    public async Task<JobLogTail?> ReadLogTailAsync(string executionId, string jobId, CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(Schema);
        return await database.ReadAsync(connection =>
        {
            using var command = connection.Command(
                "SELECT log_offset, data FROM execution_log_tail WHERE execution_id = $id AND job_id = $job", ("$id", executionId), ("$job", jobId));
            using var row = command.ExecuteReader();
            return row.Read() ? new JobLogTail(jobId, row.GetInt64(0), (byte[])row.GetValue(1)) : null;
        }, cancellationToken);
    }

    /// <summary>A job's tail is written once: a retried result brings the same bytes.</summary>
    private static void InsertLogTails(SqliteTransaction transaction, string executionId, IReadOnlyList<JobLogTail>? logTails)
    {
        if (logTails is not { Count: > 0 }) return;
        foreach (var tail in logTails)
            transaction.Execute(
                """
                INSERT INTO execution_log_tail (execution_id, job_id, log_offset, data) VALUES ($id, $job, $offset, $data)
                ON CONFLICT (execution_id, job_id) DO NOTHING
                """,
                ("$id", executionId), ("$job", tail.JobId), ("$offset", tail.Offset), ("$data", tail.Data));
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>The stored etag must be the caller's: both absent for a new execution, or equal.</summary>
    private static void CheckETag(SqliteTransaction transaction, string executionId, string? expected)
    {
        var stored = transaction.Scalar("SELECT etag FROM execution_head WHERE execution_id = $id", ("$id", executionId)) as string;
        if (!string.Equals(stored, expected, StringComparison.Ordinal))
            throw new InconsistentStateException(
                $"write of execution '{executionId}' refused: the stored etag is {stored ?? "(no row)"} but the caller's is " +
                $"{expected ?? "(none)"}; another activation changed the execution", stored ?? string.Empty, expected ?? string.Empty);
    }
}
