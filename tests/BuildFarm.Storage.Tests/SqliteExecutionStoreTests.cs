using BuildFarm.Grains;
using BuildFarm.Storage.Sqlite;
using Orleans.Storage;

namespace BuildFarm.Storage.Tests;

public sealed class SqliteExecutionStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteExecutionStore _store = null!;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private void Open()
    {
        _database = new SqliteDatabase(_folder.Combine("data", "farm.db"));
        _store = new SqliteExecutionStore(_database);
    }

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Log_tails_are_written_with_either_write_once_each_kept_by_snapshots_and_refused_with_a_stale_etag()
    {
        var etag = await _store.WriteSnapshotAsync("e1", null, 1, Bytes("snap-1"), [new JobLogTail("j1", 0, Bytes("whole log"))]);
        etag = await _store.WriteActionsAsync("e1", etag, 2, [new ActionRow(0, 0, Bytes("a0"))],
            [new JobLogTail("j2", 12, Bytes("end of j2")), new JobLogTail("j1", 0, Bytes("retried"))]);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _store.WriteActionsAsync("e1", "stale", 3, [], [new JobLogTail("j3", 0, Bytes("from a stale activation"))]));
        await _store.WriteSnapshotAsync("e1", etag, 3, Bytes("snap-3"));

        await _database.DisposeAsync();
        Open();
        Assert.Equal((0L, "whole log"), Tail(await _store.ReadLogTailAsync("e1", "j1")));
        Assert.Equal((12L, "end of j2"), Tail(await _store.ReadLogTailAsync("e1", "j2")));
        Assert.Null(await _store.ReadLogTailAsync("e1", "j3"));
        Assert.Null(await _store.ReadLogTailAsync("other", "j1"));
    }

    private static (long, string) Tail(JobLogTail? tail) => tail is null ? (-1, "(none)") : (tail.Offset, Text(tail.Data));

    [Fact]
    public async Task An_execution_never_written_is_not_there()
    {
        Assert.Null(await _store.ReadAsync("none"));
    }

    [Fact]
    public async Task Action_rows_lie_over_the_snapshot_until_the_next_snapshot_drops_them_and_survive_a_reopen()
    {
        var etag = await _store.WriteSnapshotAsync("e1", null, 1, Bytes("snap-1"));
        etag = await _store.WriteActionsAsync("e1", etag, 2, [new ActionRow(0, 1, Bytes("a1")), new ActionRow(0, 3, Bytes("a3"))]);
        etag = await _store.WriteActionsAsync("e1", etag, 3, [new ActionRow(0, 1, Bytes("a1-again"))]);

        await _database.DisposeAsync();
        Open();
        var stored = await _store.ReadAsync("e1");
        Assert.NotNull(stored);
        Assert.Equal((etag, 3L, "snap-1"), (stored.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Equal([(0, 1, "a1-again"), (0, 3, "a3")], stored.Actions.Select(a => (a.Stage, a.Action, Text(a.Payload))));

        await _store.WriteSnapshotAsync("e1", etag, 4, Bytes("snap-4"));
        stored = await _store.ReadAsync("e1");
        Assert.Equal((4L, "snap-4"), (stored!.Revision, Text(stored.Snapshot)));
        Assert.Empty(stored.Actions);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var first = await _store.WriteSnapshotAsync("e1", null, 1, Bytes("snap-1"));
        var second = await _store.WriteActionsAsync("e1", first, 2, [new ActionRow(0, 0, Bytes("a0"))]);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteActionsAsync("e1", first, 3, [new ActionRow(0, 0, Bytes("lost"))]));
        Assert.Contains("execution 'e1'", stale.Message);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteSnapshotAsync("e1", first, 3, Bytes("lost")));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteSnapshotAsync("e1", null, 3, Bytes("lost")));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteActionsAsync("e2", first, 1, []));

        var stored = await _store.ReadAsync("e1");
        Assert.Equal((second, 2L, "snap-1"), (stored!.ETag, stored.Revision, Text(stored.Snapshot)));
        Assert.Equal("a0", Text(Assert.Single(stored.Actions).Payload));
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        var etag = await _store.WriteSnapshotAsync("e1", null, 1, Bytes("snap-1"));
        var writes = Enumerable.Range(0, 8)
            .Select(i => _store.WriteActionsAsync("e1", etag, 2, [new ActionRow(0, 0, Bytes($"writer-{i}"))]))
            .ToList();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        var won = Assert.Single(writes, w => w.IsCompletedSuccessfully);
        Assert.All(writes.Where(w => w != won), w => Assert.IsType<InconsistentStateException>(w.Exception!.InnerException));
        var stored = await _store.ReadAsync("e1");
        Assert.Equal(await won, stored!.ETag);
        Assert.Equal($"writer-{writes.IndexOf(won)}", Text(Assert.Single(stored.Actions).Payload));
    }
}
