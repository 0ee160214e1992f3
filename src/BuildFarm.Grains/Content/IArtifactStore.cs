using BuildFarm.Core.Content;

namespace BuildFarm.Grains.Content;

/// <summary>
/// What grains may do with the content store (the host implements it over its store): ask which blobs are missing, read a
/// small blob (a tree), store one. The action cache checks its entries with it; a batch writes its combined trees.
/// </summary>
public interface IArtifactStore
{
    Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default);

    /// <summary>The blob's bytes, or null when the store does not hold it.</summary>
    Task<byte[]?> ReadAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>Stores the bytes under their digest and answers it.</summary>
    Task<Digest> WriteAsync(byte[] data, CancellationToken cancellationToken = default);
}
