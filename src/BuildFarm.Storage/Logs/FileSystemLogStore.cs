namespace BuildFarm.Storage.Logs;

/// <summary>
/// The local profile's log store: one file per job attempt at <c>{root}/{key}.log</c>. Every append reaches the disk
/// before it is acknowledged, so the offset an agent was told survives a crash of the server.
/// </summary>
public sealed class FileSystemLogStore(string root) : ILogStore
{
    // Appends to one key must not interleave; a fixed set of locks keeps memory bounded however many logs there are.
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<long> AppendAsync(string key, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = LogPath(key);
        var gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(key) % _locks.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
            var length = file.Length;
            if (offset > length)
                throw new LogGapException(key, offset, length);
            var alreadyPresent = length - offset;
            if (alreadyPresent >= data.Length)
                return length;
            file.Seek(length, SeekOrigin.Begin);
            await file.WriteAsync(data[(int)alreadyPresent..], cancellationToken);
            file.Flush(flushToDisk: true);
            return file.Length;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var path = LogPath(key);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        await using (file)
        {
            var available = Math.Max(0, file.Length - offset);
            var buffer = new byte[(int)Math.Min(maxBytes, available)];
            file.Seek(offset, SeekOrigin.Begin);
            var filled = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return buffer.AsMemory(0, filled);
        }
    }

    private string LogPath(string key)
    {
        LogKeys.Validate(key);
        return Path.Combine(Root, key + ".log");
    }
}
