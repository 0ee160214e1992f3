using BuildFarm.Core.Content;

namespace BuildFarm.Storage.Content;

/// <summary>
/// Blobs keyed by their digest. Implementations: the filesystem (local profile) and Azure Blob (cluster profile).
/// A blob is only ever stored whole and verified: a reader never sees bytes that do not match their digest.
/// </summary>
public interface IContentStore
{
    /// <summary>The digests the store does not hold (each one at most once, in the order asked).</summary>
    Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the stream's bytes under the digest, verifying hash and size as they arrive. Storing a blob that
    /// is already present is a no-op. Throws <see cref="DigestMismatchException"/> and stores nothing when the bytes do not match.
    /// </summary>
    Task PutAsync(Digest digest, Stream content, CancellationToken cancellationToken = default);

    /// <summary>A stream over the blob, or null when the store does not hold it.</summary>
    Task<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default);
}

public sealed class DigestMismatchException(Digest expected, Digest actual)
    : Exception($"the bytes sent for blob {expected} hash to {actual}; nothing was stored")
{
    public Digest Expected { get; } = expected;
    public Digest Actual { get; } = actual;
}
