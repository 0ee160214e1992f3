using BuildFarm.Grains;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace BuildFarm.Storage.Postgres;

/// <summary>
/// The cluster profile's executions (deploy/postgres/004-executions.sql): every call is one statement, so one round
/// trip and one transaction. The writes run the schema's functions, which check the etag under the row's lock.
/// Each write's new etag is made before its first try, so a retry after a lost answer finds its own write done.
/// </summary>
public sealed class PostgresExecutionStore(string connectionString, DatabaseRetry retry) : IExecutionStore, IAsyncDisposable, IDisposable
{
    // The rows of one execution in one statement (one snapshot of the database): the execution row first, then its
    // action rows in order.
    private const string ReadSql =
        """
        SELECT 0 AS part, etag, revision, snapshot AS payload, 0 AS stage, 0 AS action
          FROM farm_execution WHERE execution_id = @id
        UNION ALL
        SELECT 1, NULL, NULL, payload, stage, action
          FROM farm_execution_action WHERE execution_id = @id
        ORDER BY part, stage, action
        """;

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        // Every lease and result sends the same few statements: prepared once per connection, PostgreSQL no longer parses
        // and plans them each time (a tenth of its CPU in `fanout`). The store sets no session state, so a connection
        // going back to the pool needs no DISCARD ALL either.
        MaxAutoPrepare = 16,
        AutoPrepareMinUsages = 2,
        NoResetOnClose = true,
    }.ConnectionString);

    public Task<StoredExecution?> ReadAsync(string executionId, CancellationToken cancellationToken = default) =>
        retry.RunAsync($"read execution {executionId}", writes: false, async (_, token) =>
        {
            await using var command = dataSource.CreateCommand(ReadSql);
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = executionId });
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            var etag = reader.GetString(1);
            var revision = reader.GetInt64(2);
            var snapshot = reader.GetFieldValue<byte[]>(3);
            var actions = new List<ActionRow>();
            while (await reader.ReadAsync(token))
                actions.Add(new ActionRow(reader.GetInt32(4), reader.GetInt32(5), reader.GetFieldValue<byte[]>(3)));
            return (StoredExecution?)new StoredExecution(etag, revision, snapshot, actions);
        }, cancellationToken);

    public Task<string> WriteSnapshotAsync(string executionId, string? expectedETag, long revision, byte[] snapshot,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default) =>
        WriteSnapshotAsync(executionId, expectedETag, NewETag(), revision, snapshot, logTails, cancellationToken);

    public Task<string> WriteActionsAsync(string executionId, string expectedETag, long revision, IReadOnlyList<ActionRow> actions,
        IReadOnlyList<JobLogTail>? logTails = null, CancellationToken cancellationToken = default) =>
        WriteActionsAsync(executionId, expectedETag, NewETag(), revision, actions, logTails, cancellationToken);

    public Task<JobLogTail?> ReadLogTailAsync(string executionId, string jobId, CancellationToken cancellationToken = default) =>
        retry.RunAsync($"read the log tail of job {jobId}", writes: false, async (_, token) =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT log_offset, data FROM farm_execution_log_tail WHERE execution_id = @id AND job_id = @job");
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = executionId });
            command.Parameters.Add(new NpgsqlParameter("job", NpgsqlDbType.Text) { Value = jobId });
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new JobLogTail(jobId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
        }, cancellationToken);

    /// <summary>A snapshot write whose new etag the caller chose: what a retry of the same write sends again.</summary>
    internal Task<string> WriteSnapshotAsync(string executionId, string? expectedETag, string etag, long revision, byte[] snapshot,
        IReadOnlyList<JobLogTail>? logTails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return WriteAsync("snapshot", executionId, expectedETag, etag, revision, logTails, command =>
        {
            command.CommandText = "SELECT farm_execution_write_snapshot(@id, @expected, @etag, @revision, @snapshot, @tail_jobs, @tail_offsets, @tail_data)";
            command.Parameters.Add(new NpgsqlParameter("snapshot", NpgsqlDbType.Bytea) { Value = snapshot });
        }, cancellationToken);
    }

    /// <summary>An action rows write whose new etag the caller chose: what a retry of the same write sends again.</summary>
    internal Task<string> WriteActionsAsync(string executionId, string expectedETag, string etag, long revision, IReadOnlyList<ActionRow> actions,
        IReadOnlyList<JobLogTail>? logTails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedETag);
        RefuseDuplicates(executionId, actions);
        return WriteAsync("action rows", executionId, expectedETag, etag, revision, logTails, command =>
        {
            command.CommandText =
                "SELECT farm_execution_write_actions(@id, @expected, @etag, @revision, @stages, @actions, @payloads, @tail_jobs, @tail_offsets, @tail_data)";
            command.Parameters.Add(new NpgsqlParameter("stages", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = actions.Select(a => a.Stage).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("actions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = actions.Select(a => a.Action).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = actions.Select(a => a.Payload).ToArray() });
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private Task<string> WriteAsync(string what, string executionId, string? expectedETag, string etag, long revision, IReadOnlyList<JobLogTail>? logTails,
        Action<NpgsqlCommand> write, CancellationToken cancellationToken) =>
        retry.RunAsync($"write the {what} of execution {executionId}", writes: true, async (_, token) =>
        {
            await using var command = dataSource.CreateCommand();
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = executionId });
            command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Text) { Value = (object?)expectedETag ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("etag", NpgsqlDbType.Text) { Value = etag });
            command.Parameters.Add(new NpgsqlParameter("revision", NpgsqlDbType.Bigint) { Value = revision });
            var tails = logTails ?? [];
            command.Parameters.Add(new NpgsqlParameter("tail_jobs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tails.Select(t => t.JobId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("tail_offsets", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = tails.Select(t => t.Offset).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("tail_data", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = tails.Select(t => t.Data).ToArray() });
            write(command);
            // The function answers the etag the row holds: ours when this write (or a lost earlier try of it) landed.
            var stored = await command.ExecuteScalarAsync(token) as string;
            return stored == etag
                ? etag
                : throw new InconsistentStateException(
                    $"write of the {what} of execution {executionId} refused: the stored etag is {stored ?? "(no row)"} " +
                    $"but the caller's is {expectedETag ?? "(none)"}; another activation changed the execution",
                    stored ?? string.Empty, expectedETag ?? string.Empty);
        }, cancellationToken);

    private static void RefuseDuplicates(string executionId, IReadOnlyList<ActionRow> actions)
    {
        var twice = actions.GroupBy(a => (a.Stage, a.Action)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ArgumentException(
                $"action row (stage {twice.Key.Stage}, action {twice.Key.Action}) of execution {executionId} is given {twice.Count()} times; give each action once per write",
                nameof(actions));
    }

    private static string NewETag() => Guid.NewGuid().ToString("n");
}
