using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;

namespace BuildFarm.Storage.Sqlite;

/// <summary>Orleans' reminder table in the embedded database (its own table beside the grain state).</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_at, period, etag";

    public Task StartAsync(CancellationToken cancellationToken = default) => database.EnsureSchemaAsync(Schema);

    public Task Init() => StartAsync();

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_id = $grain", [("$grain", grainId.ToString())], cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>The rows whose grain hash is in (begin, end] on the ring; begin >= end means the range wraps past zero.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var condition = begin < end
            ? "grain_hash > $begin AND grain_hash <= $end"
            : "grain_hash > $begin OR grain_hash <= $end";
        return QueryAsync($"SELECT {Columns} FROM reminders WHERE {condition}", [("$begin", (long)begin), ("$end", (long)end)], cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <summary>The entry, or null when there is none (as Orleans' own tables answer).</summary>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_id = $grain AND reminder_name = $name",
            [("$grain", grainId.ToString()), ("$name", reminderName)], cancellationToken);
        return rows.Reminders.FirstOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName);
        await database.EnsureSchemaAsync(Schema);
        var etag = Guid.NewGuid().ToString("N");
        await database.WriteAsync(transaction => transaction.Execute(
            """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period, etag)
            VALUES ($grain, $name, $hash, $start, $period, $etag)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE SET
                grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """,
            ("$grain", entry.GrainId.ToString()), ("$name", entry.ReminderName), ("$hash", (long)entry.GrainId.GetUniformHashCode()),
            ("$start", ToUtc(entry.StartAt).Ticks), ("$period", entry.Period.Ticks), ("$etag", etag)), cancellationToken);
        entry.ETag = etag;
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>Removes the row only when its etag is still <paramref name="eTag"/>; answers whether it did.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        var removed = await database.WriteAsync(transaction => transaction.Execute(
            "DELETE FROM reminders WHERE grain_id = $grain AND reminder_name = $name AND etag = $etag",
            ("$grain", grainId.ToString()), ("$name", reminderName), ("$etag", eTag)), cancellationToken);
        return removed > 0;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        await database.WriteAsync(transaction => transaction.Execute("DELETE FROM reminders"), cancellationToken);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(Schema);
        var entries = await database.ReadAsync(connection =>
        {
            using var command = connection.Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var list = new List<ReminderEntry>();
            while (reader.Read())
                list.Add(ReadEntry(reader));
            return list;
        }, cancellationToken);
        return new ReminderTableData(entries);
    }

    private static ReminderEntry ReadEntry(SqliteDataReader reader) => new()
    {
        GrainId = GrainId.Parse(reader.GetString(0)),
        ReminderName = reader.GetString(1),
        StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(reader.GetInt64(3)),
        ETag = reader.GetString(4),
    };

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
