using BuildFarm.Storage.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace BuildFarm.Storage.Tests;

public sealed class SqliteGrainStorageTests : IClassFixture<OrleansSerialization>, IAsyncLifetime
{
    private const string StateName = "pipeline";
    private readonly OrleansSerialization _orleans;
    private readonly TempDirectory _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteGrainStorage _storage = null!;

    public SqliteGrainStorageTests(OrleansSerialization orleans) => _orleans = orleans;

    private string DatabasePath => _folder.Combine("data", "farm.db");

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
        _database = new SqliteDatabase(DatabasePath);
        _storage = new SqliteGrainStorage("farm", _database, _orleans.StorageSerializer, _orleans.Activators);
    }

    private async Task Reopen()
    {
        await _database.DisposeAsync();
        Open();
    }

    private static GrainId Grain(string key) => GrainId.Create("pipeline", key);

    private static GrainState<TestState> State(string name, int count, string? etag = null) =>
        new(new TestState { Name = name, Count = count, Items = [$"{name}-item"] }, etag);

    private async Task<Stored> Read(GrainId grain, string stateName = StateName)
    {
        var state = new GrainState<TestState>();
        await _storage.ReadStateAsync(stateName, grain, state);
        return new Stored(state.State ?? throw new InvalidOperationException("read left no state"), state.ETag, state.RecordExists);
    }

    private sealed record Stored(TestState State, string? ETag, bool RecordExists);

    [Fact]
    public async Task Reading_state_never_written_gives_a_fresh_state_and_no_record()
    {
        var state = await Read(Grain("never"));

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State.Name);
        Assert.Equal(0, state.State.Count);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var written = State("build", 3);
        await _storage.WriteStateAsync(StateName, Grain("p1"), written);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        var read = await Read(Grain("p1"));
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("build", read.State.Name);
        Assert.Equal(3, read.State.Count);
        Assert.Equal(["build-item"], read.State.Items);
    }

    [Fact]
    public async Task State_is_keyed_by_state_name_and_grain()
    {
        await _storage.WriteStateAsync(StateName, Grain("p1"), State("a", 1));
        await _storage.WriteStateAsync("execution", Grain("p1"), State("b", 2));
        await _storage.WriteStateAsync(StateName, Grain("p2"), State("c", 3));

        Assert.Equal("a", (await Read(Grain("p1"))).State.Name);
        Assert.Equal("b", (await Read(Grain("p1"), "execution")).State.Name);
        Assert.Equal("c", (await Read(Grain("p2"))).State.Name);
    }

    [Fact]
    public async Task A_write_with_a_stale_or_missing_etag_is_refused_and_changes_nothing()
    {
        var grain = Grain("p1");
        var first = State("first", 1);
        await _storage.WriteStateAsync(StateName, grain, first);
        var staleETag = first.ETag;
        var second = State("second", 2, staleETag);
        await _storage.WriteStateAsync(StateName, grain, second);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, State("stale", 9, staleETag)));
        Assert.Equal(second.ETag, stale.StoredEtag);
        Assert.Equal(staleETag, stale.CurrentEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, State("blind", 9, etag: null)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, Grain("absent"), State("ghost", 9, "some-etag")));

        var read = await Read(grain);
        Assert.Equal("second", read.State.Name);
        Assert.Equal(second.ETag, read.ETag);
        Assert.False((await Read(Grain("absent"))).RecordExists);
    }

    [Fact]
    public async Task State_survives_closing_and_reopening_the_database()
    {
        var written = State("durable", 7);
        await _storage.WriteStateAsync(StateName, Grain("p1"), written);

        await Reopen();

        var read = await Read(Grain("p1"));
        Assert.Equal("durable", read.State.Name);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task An_acknowledged_write_is_in_the_file_before_the_database_is_closed()
    {
        // As after a kill -9: a second opener of the file sees the write without the first ever closing it.
        var written = State("acknowledged", 1);
        await _storage.WriteStateAsync(StateName, Grain("p1"), written);

        await using var other = new SqliteDatabase(DatabasePath);
        var state = new GrainState<TestState>();
        await new SqliteGrainStorage("farm", other, _orleans.StorageSerializer, _orleans.Activators).ReadStateAsync(StateName, Grain("p1"), state);

        Assert.Equal("acknowledged", state.State?.Name);
        Assert.Equal(written.ETag, state.ETag);
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_resets_the_state()
    {
        var grain = Grain("p1");
        var state = State("doomed", 5);
        await _storage.WriteStateAsync(StateName, grain, state);
        var staleETag = state.ETag;

        await _storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State?.Name);
        Assert.False((await Read(grain)).RecordExists);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, State("stale", 0, staleETag)));

        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("", (await Read(grain)).State.Name);
        Assert.True((await Read(grain)).RecordExists);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_refused()
    {
        var grain = Grain("p1");
        var first = State("first", 1);
        await _storage.WriteStateAsync(StateName, grain, first);
        var stale = first.ETag;
        await _storage.WriteStateAsync(StateName, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, State("x", 0, stale)));
        Assert.True((await Read(grain)).RecordExists);
    }

    [Fact]
    public async Task Many_concurrent_writes_to_different_grains_are_all_committed_and_survive_a_reopen()
    {
        const int grains = 300;
        var states = Enumerable.Range(0, grains).Select(i => State($"grain-{i}", i)).ToArray();

        await Task.WhenAll(states.Select((state, i) => Task.Run(() => _storage.WriteStateAsync(StateName, Grain($"g{i}"), state))));
        await Reopen();

        for (var i = 0; i < grains; i++)
        {
            var read = await Read(Grain($"g{i}"));
            Assert.Equal($"grain-{i}", read.State.Name);
            Assert.Equal(states[i].ETag, read.ETag);
        }
    }

    [Fact]
    public async Task Writes_queued_while_the_writer_is_busy_commit_together_in_one_transaction()
    {
        await _storage.WriteStateAsync(StateName, Grain("warm-up"), State("warm", 0));
        using var writerBusy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var blocker = _database.WriteAsync(_ => { writerBusy.Set(); release.Wait(); return 0; });
        Assert.True(writerBusy.Wait(TimeSpan.FromSeconds(30)), "the writer never started");
        var before = _database.CommittedTransactions;

        var writes = Enumerable.Range(0, 50).Select(i => _storage.WriteStateAsync(StateName, Grain($"g{i}"), State($"grain-{i}", i))).ToArray();
        Assert.All(writes, write => Assert.False(write.IsCompleted));
        release.Set();
        await blocker;
        await Task.WhenAll(writes);

        Assert.Equal(before + 2, _database.CommittedTransactions);
        Assert.Equal("grain-49", (await Read(Grain("g49"))).State.Name);
    }

    [Fact]
    public async Task A_refused_write_in_a_shared_transaction_does_not_undo_the_others()
    {
        var grain = Grain("contended");
        var original = State("original", 0);
        await _storage.WriteStateAsync(StateName, grain, original);
        using var writerBusy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var blocker = _database.WriteAsync(_ => { writerBusy.Set(); release.Wait(); return 0; });
        Assert.True(writerBusy.Wait(TimeSpan.FromSeconds(30)), "the writer never started");

        // Two activations of one grain race from the same etag; a third grain writes alongside them.
        var winner = _storage.WriteStateAsync(StateName, grain, State("winner", 1, original.ETag));
        var loser = _storage.WriteStateAsync(StateName, grain, State("loser", 2, original.ETag));
        var bystander = _storage.WriteStateAsync(StateName, Grain("bystander"), State("bystander", 3));
        release.Set();
        await blocker;

        await winner;
        await Assert.ThrowsAsync<InconsistentStateException>(() => loser);
        await bystander;
        await Reopen();
        Assert.Equal("winner", (await Read(grain)).State.Name);
        Assert.Equal("bystander", (await Read(Grain("bystander"))).State.Name);
    }
}
