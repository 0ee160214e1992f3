using System.Text;
using BuildFarm.Grains;
using BuildFarm.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace BuildFarm.Cluster.Tests;

/// <summary>The executions in PostgreSQL (IExecutionStore): one database for the class, one execution id per test.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresExecutionStoreTests(ClusterServices services) : IAsyncLifetime
{
    private static Task<string>? database;
    private readonly string id = "ex-" + Guid.NewGuid().ToString("n")[..10];
    private readonly List<PostgresExecutionStore> stores = [];
    private string postgres = "";

    public async Task InitializeAsync() => postgres = await LazyInitializer.EnsureInitialized(ref database, CreateDatabaseAsync);

    public async Task DisposeAsync()
    {
        foreach (var store in stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task A_snapshot_and_its_action_rows_read_back_as_written_with_the_last_revision()
    {
        var store = Store();
        Assert.Null(await store.ReadAsync(id));

        var created = await store.WriteSnapshotAsync(id, null, 1, Bytes("snapshot 1"));
        var stored = await store.ReadAsync(id);
        Assert.NotNull(stored);
        Assert.Equal((created, 1L, "snapshot 1"), (stored.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Empty(stored.Actions);

        // Given out of order; read back by stage, then action.
        var etag = await store.WriteActionsAsync(id, created, 2, [Row(1, 0, "b"), Row(0, 2, "a2"), Row(0, 0, "a0")]);
        Assert.NotEqual(created, etag);
        stored = await Store().ReadAsync(id);
        Assert.NotNull(stored);
        Assert.Equal((etag, 2L, "snapshot 1"), (stored.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Equal(["0/0=a0", "0/2=a2", "1/0=b"], Rows(stored));

        // A write of no rows still moves the revision and the etag.
        var empty = await store.WriteActionsAsync(id, etag, 3, []);
        stored = await store.ReadAsync(id);
        Assert.Equal((empty, 3L), (stored!.ETag, stored.Revision));
        Assert.Equal(3, stored.Actions.Count);
    }

    [Fact]
    public async Task Log_tails_are_written_with_either_write_once_each_kept_by_snapshots_and_refused_with_a_stale_etag()
    {
        var store = Store();
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"), [new JobLogTail("j1", 0, Bytes("whole log"))]);
        etag = await store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "a0")],
            [new JobLogTail("j2", 12, Bytes("end of j2")), new JobLogTail("j1", 0, Bytes("retried"))]);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            store.WriteActionsAsync(id, "stale", 3, [], [new JobLogTail("j3", 0, Bytes("from a stale activation"))]));
        await store.WriteSnapshotAsync(id, etag, 3, Bytes("second"));

        var other = Store();
        Assert.Equal((0L, "whole log"), Tail(await other.ReadLogTailAsync(id, "j1")));
        Assert.Equal((12L, "end of j2"), Tail(await other.ReadLogTailAsync(id, "j2")));
        Assert.Null(await other.ReadLogTailAsync(id, "j3"));
        Assert.Null(await other.ReadLogTailAsync("ex-none", "j1"));
    }

    private static (long, string) Tail(JobLogTail? tail) => tail is null ? (-1, "(none)") : (tail.Offset, Text(tail.Data));

    [Fact]
    public async Task Action_rows_are_replaced_in_place_and_a_new_snapshot_drops_them()
    {
        var store = Store();
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"));
        etag = await store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "queued"), Row(0, 1, "queued")]);
        etag = await store.WriteActionsAsync(id, etag, 3, [Row(0, 1, "running")]);
        etag = await store.WriteActionsAsync(id, etag, 4, [Row(0, 1, "succeeded"), Row(1, 0, "queued")]);
        Assert.Equal(["0/0=queued", "0/1=succeeded", "1/0=queued"], Rows((await store.ReadAsync(id))!));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM farm_execution_action WHERE execution_id = @id"));

        etag = await store.WriteSnapshotAsync(id, etag, 5, Bytes("second"));
        var stored = await store.ReadAsync(id);
        Assert.Equal((etag, 5L, "second"), (stored!.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Empty(stored.Actions);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM farm_execution_action WHERE execution_id = @id"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_naming_the_execution_and_both_etags_and_changes_nothing()
    {
        var store = Store();
        var first = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"));
        var current = await store.WriteActionsAsync(id, first, 2, [Row(0, 0, "kept")]);

        var snapshot = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteSnapshotAsync(id, first, 9, Bytes("stale")));
        Assert.Equal($"write of the snapshot of execution {id} refused: the stored etag is {current} but the caller's is {first}; another activation changed the execution", snapshot.Message);
        Assert.Equal((current, first), (snapshot.StoredEtag, snapshot.CurrentEtag));

        var actions = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteActionsAsync(id, first, 9, [Row(0, 0, "stale")]));
        Assert.Equal($"write of the action rows of execution {id} refused: the stored etag is {current} but the caller's is {first}; another activation changed the execution", actions.Message);

        // Expecting no row where there is one: a second creator.
        var created = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteSnapshotAsync(id, null, 9, Bytes("again")));
        Assert.Contains($"the stored etag is {current} but the caller's is (none)", created.Message);

        var stored = await store.ReadAsync(id);
        Assert.Equal((current, 2L, "first"), (stored!.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Equal(["0/0=kept"], Rows(stored));
    }

    [Fact]
    public async Task A_write_to_an_execution_that_is_not_stored_is_refused()
    {
        var store = Store();
        var actions = await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteActionsAsync(id, "some-etag", 1, [Row(0, 0, "x")]));
        Assert.Contains($"execution {id} refused: the stored etag is (no row) but the caller's is some-etag", actions.Message);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteSnapshotAsync(id, "some-etag", 1, Bytes("x")));
        Assert.Null(await store.ReadAsync(id));
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins_and_its_write_is_what_is_stored()
    {
        // Each writer has its own connection pool, as activations on different nodes would. The writers are held at the
        // row (an uncommitted row of the same id, then a lock on the row) until all of them are there, then let go at once.
        var creators = await RaceAsync("INSERT INTO farm_execution (execution_id, etag, revision, snapshot) VALUES (@id, 'held', 0, '')",
            w => Store().WriteSnapshotAsync(id, null, 1, Bytes($"creator {w}")), commit: false);
        var (etag, winner) = Single(creators);
        Assert.Equal($"creator {winner}", Text((await Store().ReadAsync(id))!.Snapshot));

        var rows = await RaceAsync("SELECT 1 FROM farm_execution WHERE execution_id = @id FOR UPDATE",
            w => Store().WriteActionsAsync(id, etag, 2, [Row(0, 0, $"rows {w}"), Row(0, w + 1, "mine")]));
        (etag, winner) = Single(rows);
        var stored = await Store().ReadAsync(id);
        Assert.Equal(etag, stored!.ETag);
        Assert.Equal(["0/0=rows " + winner, $"0/{winner + 1}=mine"], Rows(stored));

        var snapshots = await RaceAsync("SELECT 1 FROM farm_execution WHERE execution_id = @id FOR UPDATE",
            w => Store().WriteSnapshotAsync(id, etag, 3, Bytes($"snapshot {w}")));
        (etag, winner) = Single(snapshots);
        stored = await Store().ReadAsync(id);
        Assert.Equal((etag, $"snapshot {winner}"), (stored!.ETag, Text(stored.Snapshot)));
        Assert.Empty(stored.Actions);
    }

    [Fact]
    public async Task A_retried_write_whose_first_try_landed_is_recognised_as_done()
    {
        var store = Store();
        // The same write twice (same new etag), as a retry after an answer lost on the connection sends it.
        Assert.Equal("etag-1", await store.WriteSnapshotAsync(id, null, "etag-1", 1, Bytes("first"), null, default));
        Assert.Equal("etag-1", await store.WriteSnapshotAsync(id, null, "etag-1", 1, Bytes("first"), null, default));
        Assert.Equal("etag-2", await store.WriteActionsAsync(id, "etag-1", "etag-2", 2, [Row(0, 0, "a")], null, default));
        Assert.Equal("etag-2", await store.WriteActionsAsync(id, "etag-1", "etag-2", 2, [Row(0, 0, "a")], null, default));
        Assert.Equal("etag-3", await store.WriteSnapshotAsync(id, "etag-2", "etag-3", 3, Bytes("second"), null, default));
        Assert.Equal("etag-3", await store.WriteSnapshotAsync(id, "etag-2", "etag-3", 3, Bytes("second"), null, default));
        // Another write from the same old etag is still refused.
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.WriteActionsAsync(id, "etag-2", "etag-4", 4, [Row(0, 0, "b")], null, default));
        var stored = await store.ReadAsync(id);
        Assert.Equal(("etag-3", 3L, "second"), (stored!.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Empty(stored.Actions);
    }

    [Fact]
    public async Task The_same_action_twice_in_one_write_is_refused_before_the_database()
    {
        var store = Store();
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteActionsAsync(id, etag, 2, [Row(1, 2, "a"), Row(0, 0, "b"), Row(1, 2, "c")]));
        Assert.StartsWith($"action row (stage 1, action 2) of execution {id} is given 2 times", error.Message);
        Assert.Equal(etag, (await store.ReadAsync(id))!.ETag);
    }

    [Fact]
    public async Task A_PostgreSQL_restart_during_a_write_is_retried_and_the_write_lands_once()
    {
        var store = Store(TimeSpan.FromMinutes(2));
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"));
        etag = await store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "before")]);

        await services.StopPostgresAsync();
        Task<string> write;
        try
        {
            // Its pooled connection is dead and the server is down: the write retries until the server is back.
            write = store.WriteActionsAsync(id, etag, 3, [Row(0, 0, "during"), Row(0, 1, "during")]);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(write.IsCompleted, write.Exception?.ToString());
        }
        finally
        {
            await services.StartPostgresAsync();
        }
        var written = await write.WaitAsync(TimeSpan.FromMinutes(2));

        var stored = await store.ReadAsync(id);
        Assert.Equal((written, 3L), (stored!.ETag, stored.Revision));
        Assert.Equal(["0/0=during", "0/1=during"], Rows(stored));
    }

    [Fact]
    public async Task An_outage_past_the_retry_limit_fails_the_write_naming_the_database_and_the_execution()
    {
        var store = Store(TimeSpan.FromSeconds(1));
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("first"));
        await services.StopPostgresAsync();
        try
        {
            var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "lost")]));
            Assert.StartsWith($"the database (PostgreSQL) did not answer for 1 s: could not write the action rows of execution {id}: ", error.Message);
            var read = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => store.ReadAsync(id));
            Assert.StartsWith($"the database (PostgreSQL) did not answer for 1 s: could not read execution {id}: ", read.Message);
        }
        finally
        {
            await services.StartPostgresAsync();
        }
        // The failed write left nothing behind; the caller's etag still writes.
        Assert.Equal(etag, (await store.ReadAsync(id))!.ETag);
        await store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "after")]);
    }

    [Fact]
    public async Task Migrating_again_keeps_the_tables_and_their_rows()
    {
        var store = Store();
        var etag = await store.WriteSnapshotAsync(id, null, 1, Bytes("kept"));
        etag = await store.WriteActionsAsync(id, etag, 2, [Row(0, 0, "kept")]);

        await PostgresSchema.MigrateAsync(Unpooled);
        await PostgresSchema.MigrateAsync(Unpooled);

        var stored = await store.ReadAsync(id);
        Assert.Equal((etag, 2L, "kept"), (stored!.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Equal(["0/0=kept"], Rows(stored));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM farm_schema_script WHERE name = '004-executions.sql'"));
    }

    [Fact]
    public async Task The_silo_wiring_registers_the_store_on_the_given_database()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddPostgresExecutionStore(postgres, TimeSpan.FromSeconds(5)));
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IExecutionStore>();
        Assert.IsType<PostgresExecutionStore>(store);
        var etag = await store.WriteSnapshotAsync(id, null, 7, Bytes("wired"));
        Assert.Equal(etag, (await Store().ReadAsync(id))!.ETag);
    }

    private string Unpooled => new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ToString();

    private async Task<string> CreateDatabaseAsync()
    {
        var created = await services.CreateDatabaseAsync("farm_executions_" + Guid.NewGuid().ToString("n")[..8]);
        await PostgresSchema.MigrateAsync(new NpgsqlConnectionStringBuilder(created) { Pooling = false }.ToString());
        return created;
    }

    private PostgresExecutionStore Store(TimeSpan? retryLimit = null)
    {
        var store = new PostgresExecutionStore(postgres, new DatabaseRetry(new NoGrainContext(), retryLimit ?? TimeSpan.FromSeconds(30), NullLogger.Instance));
        stores.Add(store);
        return store;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Runs <paramref name="hold"/> in a transaction of its own, starts the writers, waits until every one of them waits
    /// for a lock, then ends the transaction (commit or rollback) so that they go on together. Answers each writer's etag,
    /// or null for a writer refused with <see cref="InconsistentStateException"/>.
    /// </summary>
    private async Task<string?[]> RaceAsync(string hold, Func<int, Task<string>> write, bool commit = true)
    {
        const int writers = 8;
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(hold, connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync();
        }
        var results = Enumerable.Range(0, writers).Select(w => Attempt(() => write(w))).ToArray();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") < writers)
        {
            Assert.DoesNotContain(results, r => r.IsCompleted);
            await Task.Delay(20, guard.Token);
        }
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
        return await Task.WhenAll(results);
    }

    private static async Task<string?> Attempt(Func<Task<string>> write)
    {
        try
        {
            return await write();
        }
        catch (InconsistentStateException)
        {
            return null;
        }
    }

    /// <summary>The one writer that won (its etag and index); every other one was refused.</summary>
    private static (string ETag, int Writer) Single(string?[] results)
    {
        var won = results.Select((etag, writer) => (etag, writer)).Where(r => r.etag is not null).ToList();
        Assert.Single(won);
        return (won[0].etag!, won[0].writer);
    }

    private static ActionRow Row(int stage, int action, string payload) => new(stage, action, Bytes(payload));
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    private static List<string> Rows(StoredExecution stored) => stored.Actions.Select(a => $"{a.Stage}/{a.Action}={Text(a.Payload)}").ToList();

    private sealed class NoGrainContext : IGrainContextAccessor
    {
        public IGrainContext GrainContext => null!;
    }
}
