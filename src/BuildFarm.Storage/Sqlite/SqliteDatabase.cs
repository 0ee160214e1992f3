using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace BuildFarm.Storage.Sqlite;

/// <summary>
/// The embedded database file of the local profile, shared by grain storage and reminders. Durable: WAL journal
/// with synchronous=FULL, so a write acknowledged to its caller survives a kill -9 or a power cut.
/// Writes go through a single writer that commits everything queued so far in one transaction (group commit):
/// one fsync serves many callers, and each caller's task completes only after its transaction has committed.
/// Reads use their own (pooled) connections and never wait for the writer.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private const int MaxWritesPerTransaction = 512;

    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Task> _schemas = new(StringComparer.Ordinal);
    private readonly Task _writerLoop;
    private int _disposed;
    private long _committedTransactions;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        var journalMode = _writer.Scalar("PRAGMA journal_mode=WAL") as string;
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            _writer.Dispose();
            throw new InvalidOperationException($"the database '{Path}' could not be switched to WAL journal mode (got '{journalMode}'); put the data folder on a local filesystem");
        }
        _writer.Execute("PRAGMA synchronous=FULL");

        builder.Pooling = true;
        builder.Mode = SqliteOpenMode.ReadWrite;
        _readConnectionString = builder.ToString();
        _writerLoop = Task.Run(RunWriterAsync);
    }

    public string Path { get; }

    /// <summary>Transactions committed so far (each carries one or more writes).</summary>
    internal long CommittedTransactions => Interlocked.Read(ref _committedTransactions);

    /// <summary>Runs idempotent DDL (<c>CREATE ... IF NOT EXISTS</c>) once per database; later calls return at once.</summary>
    public Task EnsureSchemaAsync(string ddl)
    {
        var created = _schemas.GetOrAdd(ddl, sql => WriteAsync(tx => tx.Execute(sql)));
        if (created.IsFaulted)
            _schemas.TryRemove(new KeyValuePair<string, Task>(ddl, created));
        return created;
    }

    /// <summary>
    /// Queues a write. <paramref name="work"/> runs on the writer inside a transaction shared with other writes; if it
    /// throws, its own changes are rolled back (savepoint) and the exception reaches this caller only. The task
    /// completes after the transaction is durable. Cancellation is honoured only before the write is queued.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(work);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqliteDatabase), $"the database '{Path}' is closed");
        return pending.Completion;
    }

    /// <summary>Runs <paramref name="work"/> on a read connection of its own.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return work(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _queue.Writer.TryComplete();
        await _writerLoop;
        _writer.Dispose();
        using var reader = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(reader);
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingWrite>(MaxWritesPerTransaction);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxWritesPerTransaction && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        try
        {
            using (var transaction = _writer.BeginTransaction(deferred: false))
            {
                foreach (var pending in batch)
                    pending.Run(transaction);
                transaction.Commit();
            }
            Interlocked.Increment(ref _committedTransactions);
            foreach (var pending in batch)
                pending.Complete();
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Fail(e);
        }
    }

    private abstract class PendingWrite
    {
        public abstract void Run(SqliteTransaction transaction);
        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, T> work) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Completion => _completion.Task;

        public override void Run(SqliteTransaction transaction)
        {
            // Savepoints by SQL (SqliteTransaction.Save would prepare its statement for every write).
            transaction.Execute("SAVEPOINT write");
            try
            {
                _result = work(transaction);
                transaction.Execute("RELEASE write");
            }
            catch (Exception e)
            {
                // The caller's own refusal (say, an etag mismatch): undo its changes, keep the others'. When even
                // that fails (the database itself is failing), the whole transaction fails.
                try
                {
                    transaction.Execute("ROLLBACK TO write");
                    transaction.Execute("RELEASE write");
                }
                catch (SqliteException)
                {
                    ExceptionDispatchInfo.Throw(e);
                }
                _error = e;
            }
        }

        public override void Complete()
        {
            if (_error is not null)
                _completion.TrySetException(_error);
            else
                _completion.TrySetResult(_result!);
        }

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
