using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>One blob's bytes.</summary>
internal sealed record Blob(Digest Digest, byte[] Data);

/// <summary>
/// The content store as the transfer code needs it. The gRPC implementation (with retries) is thin; tests fill an
/// in-memory one. A blob the store lacks is an error from the read calls.
/// </summary>
internal interface IContentTransport
{
    Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken);

    /// <summary>Small blobs, several per call.</summary>
    Task<IReadOnlyList<Blob>> ReadBatchAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken);

    /// <summary>One large blob streamed into <paramref name="destination"/> (seekable: a retry starts it over).</summary>
    Task ReadAsync(Digest digest, Stream destination, CancellationToken cancellationToken);

    Task WriteBatchAsync(IReadOnlyList<Blob> blobs, CancellationToken cancellationToken);

    /// <summary>One large blob; <paramref name="openSource"/> is called again when a retry starts over.</summary>
    Task WriteAsync(Digest digest, Func<Stream> openSource, CancellationToken cancellationToken);
}
