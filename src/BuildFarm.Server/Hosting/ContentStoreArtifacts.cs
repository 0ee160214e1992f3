using BuildFarm.Core.Content;
using BuildFarm.Grains.Content;
using BuildFarm.Storage.Content;

namespace BuildFarm.Server.Hosting;

/// <summary>The grains' view of the node's content store (filesystem or Azure Blob, by profile).</summary>
public sealed class ContentStoreArtifacts(IContentStore store) : IArtifactStore
{
    public Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default) =>
        store.FindMissingAsync(digests, cancellationToken);

    public Task<byte[]?> ReadAsync(Digest digest, CancellationToken cancellationToken = default) => store.ReadAllBytesAsync(digest, cancellationToken);

    public Task<Digest> WriteAsync(byte[] data, CancellationToken cancellationToken = default) => store.PutAsync(data, cancellationToken);
}
