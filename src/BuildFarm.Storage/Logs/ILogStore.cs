namespace BuildFarm.Storage.Logs;

/// <summary>
/// Append-only logs, one per job attempt, keyed by the job id. Appends carry the offset they start at, so a
/// retried append is idempotent and a gap is refused.
/// </summary>
public interface ILogStore
{
    /// <summary>
    /// Appends <paramref name="data"/> at <paramref name="offset"/> and answers the log's new length. Bytes already
    /// present (a retried append) are skipped; an offset past the end throws <see cref="LogGapException"/>.
    /// </summary>
    Task<long> AppendAsync(string key, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxBytes"/> bytes from <paramref name="offset"/>; empty at the end (or for a log never written).</summary>
    Task<ReadOnlyMemory<byte>> ReadAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default);
}

public sealed class LogGapException(string key, long offset, long length)
    : Exception($"log '{key}' is {length} bytes long; an append at offset {offset} would leave a gap")
{
    public long Length { get; } = length;
}
