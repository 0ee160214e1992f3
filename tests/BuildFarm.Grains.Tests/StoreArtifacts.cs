using BuildFarm.Core.Content;
using BuildFarm.Grains.Content;
using BuildFarm.Storage.Content;

namespace BuildFarm.Grains.Tests;

/// <summary>The grains' content store in tests: a real filesystem store in the cluster's directory (as the local profile).</summary>
public sealed class StoreArtifacts(IContentStore store) : IArtifactStore
{
    public IContentStore Store => store;

    public Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default) =>
        store.FindMissingAsync(digests, cancellationToken);

    public Task<byte[]?> ReadAsync(Digest digest, CancellationToken cancellationToken = default) => store.ReadAllBytesAsync(digest, cancellationToken);

    public Task<Digest> WriteAsync(byte[] data, CancellationToken cancellationToken = default) => store.PutAsync(data, cancellationToken);
}
