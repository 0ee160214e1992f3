using BuildFarm.Storage.Sqlite;
using Orleans;
using Orleans.Runtime;

namespace BuildFarm.Storage.Tests;

public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteDatabase _database = null!;
    private SqliteReminderTable _table = null!;

    public async Task InitializeAsync()
    {
        await Open();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private async Task Open()
    {
        _database = new SqliteDatabase(_folder.Combine("farm.db"));
        _table = new SqliteReminderTable(_database);
        await _table.StartAsync();
    }

    private static GrainId Grain(string key) => GrainId.Create("execution", key);

    private static ReminderEntry Entry(GrainId grain, string name, int minutes = 1) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(minutes),
    };

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_its_etag()
    {
        var grain = Grain("ex-1");
        var etag = await _table.UpsertRow(Entry(grain, "wake", minutes: 5));

        var row = await _table.ReadRow(grain, "wake");

        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal("wake", row.ReminderName);
        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(etag, row.ETag);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_with_a_new_etag()
    {
        var grain = Grain("ex-1");
        var first = await _table.UpsertRow(Entry(grain, "wake", minutes: 1));
        var second = await _table.UpsertRow(Entry(grain, "wake", minutes: 2));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await _table.ReadRows(grain)).Reminders);
        Assert.Equal(TimeSpan.FromMinutes(2), row.Period);
        Assert.Equal(second, row.ETag);
    }

    [Fact]
    public async Task A_missing_reminder_reads_as_null()
    {
        Assert.Null(await _table.ReadRow(Grain("ex-1"), "nothing"));
        Assert.Empty((await _table.ReadRows(Grain("ex-1"))).Reminders);
    }

    [Fact]
    public async Task Reading_by_grain_answers_only_that_grains_reminders()
    {
        await _table.UpsertRow(Entry(Grain("ex-1"), "a"));
        await _table.UpsertRow(Entry(Grain("ex-1"), "b"));
        await _table.UpsertRow(Entry(Grain("ex-2"), "a"));

        var rows = (await _table.ReadRows(Grain("ex-1"))).Reminders;

        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(Grain("ex-1"), r.GrainId));
    }

    [Fact]
    public async Task Remove_needs_the_current_etag()
    {
        var grain = Grain("ex-1");
        var stale = await _table.UpsertRow(Entry(grain, "wake"));
        var current = await _table.UpsertRow(Entry(grain, "wake"));

        Assert.False(await _table.RemoveRow(grain, "wake", stale!));
        Assert.NotNull(await _table.ReadRow(grain, "wake"));
        Assert.True(await _table.RemoveRow(grain, "wake", current!));
        Assert.Null(await _table.ReadRow(grain, "wake"));
        Assert.False(await _table.RemoveRow(grain, "wake", current!));
    }

    [Fact]
    public async Task Range_reads_follow_the_ring_including_the_wrap_past_zero()
    {
        var grains = Enumerable.Range(0, 60).Select(i => Grain($"ex-{i}")).ToList();
        foreach (var grain in grains)
            await _table.UpsertRow(Entry(grain, "wake"));
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var low = hashes[15];
        var high = hashes[45];

        async Task<List<GrainId>> Range(uint begin, uint end) =>
            (await _table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).OrderBy(g => g.GetUniformHashCode()).ToList();
        List<GrainId> Expected(Func<uint, bool> inRange) =>
            grains.Where(g => inRange(g.GetUniformHashCode())).OrderBy(g => g.GetUniformHashCode()).ToList();

        var inside = await Range(low, high);
        Assert.Equal(30, inside.Count);
        Assert.Equal(Expected(h => h > low && h <= high), inside);

        var wrapped = await Range(high, low);
        Assert.Equal(30, wrapped.Count);
        Assert.Equal(Expected(h => h > high || h <= low), wrapped);

        Assert.Equal(60, (await Range(low, low)).Count);
        Assert.Equal(60, (await Range(0, uint.MaxValue)).Count + (hashes[0] == 0 ? 1 : 0));
    }

    [Fact]
    public async Task Reminders_survive_closing_and_reopening_the_database()
    {
        var etag = await _table.UpsertRow(Entry(Grain("ex-1"), "wake"));

        await _database.DisposeAsync();
        await Open();

        Assert.Equal(etag, (await _table.ReadRow(Grain("ex-1"), "wake"))?.ETag);
    }

    [Fact]
    public async Task Clearing_the_table_removes_every_reminder()
    {
        await _table.UpsertRow(Entry(Grain("ex-1"), "a"));
        await _table.UpsertRow(Entry(Grain("ex-2"), "b"));

        await _table.TestOnlyClearTable();

        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
    }
}
