using System.Collections.Concurrent;

namespace BuildFarm.Storage.Sqlite;

/// <summary>
/// The open databases of one host, one per file, so that grain storage and reminders on the same file share a
/// single writer (and its group commit) instead of contending for SQLite's write lock.
/// </summary>
public sealed class SqliteDatabases : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SqliteDatabase>> _open = new(StringComparer.Ordinal);

    public SqliteDatabase Get(string path) =>
        _open.GetOrAdd(Path.GetFullPath(path), full => new Lazy<SqliteDatabase>(() => new SqliteDatabase(full))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _open.Values.Where(lazy => lazy.IsValueCreated))
            await database.Value.DisposeAsync();
        _open.Clear();
    }
}
