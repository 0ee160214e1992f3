using System.Collections.Concurrent;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Tests.Support;

/// <summary>The transfer seam over a dictionary. Like the real store it refuses a blob whose bytes miss their digest.</summary>
internal sealed class InMemoryContentStore : IContentTransport
{
    public ConcurrentDictionary<Digest, byte[]> Blobs { get; } = new();
    public int BatchReads;
    public int StreamReads;
    public int BatchWrites;
    public int StreamWrites;
    public ConcurrentQueue<Digest> Written { get; } = new();

    public Digest Add(byte[] data)
    {
        var digest = Digest.Of(data);
        Blobs[digest] = data;
        return digest;
    }

    /// <summary>Stores bytes under a digest they do not have (a corrupt or hostile store).</summary>
    public void AddUnchecked(Digest digest, byte[] data) => Blobs[digest] = data;

    public Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Digest>>(digests.Where(d => !Blobs.ContainsKey(d)).ToList());

    public Task<IReadOnlyList<Blob>> ReadBatchAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref BatchReads);
        return Task.FromResult<IReadOnlyList<Blob>>(digests.Select(d => new Blob(d, Get(d))).ToList());
    }

    public async Task ReadAsync(Digest digest, Stream destination, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref StreamReads);
        await destination.WriteAsync(Get(digest), cancellationToken);
    }

    public Task WriteBatchAsync(IReadOnlyList<Blob> blobs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref BatchWrites);
        foreach (var blob in blobs) Put(blob.Digest, blob.Data);
        return Task.CompletedTask;
    }

    public async Task WriteAsync(Digest digest, Func<Stream> openSource, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref StreamWrites);
        await using var source = openSource();
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken);
        Put(digest, buffer.ToArray());
    }

    private byte[] Get(Digest digest) =>
        Blobs.TryGetValue(digest, out var data) ? data : throw new ContentTransferException($"blob {digest} not found");

    private void Put(Digest digest, byte[] data)
    {
        if (Digest.Of(data) != digest) throw new InvalidOperationException($"the agent sent bytes that do not match {digest}");
        Blobs[digest] = data;
        Written.Enqueue(digest);
    }
}
