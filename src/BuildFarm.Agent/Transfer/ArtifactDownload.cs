using BuildFarm.Agent.Connection;
using BuildFarm.Api.V1;
using ArtifactTree = BuildFarm.Core.Content.ArtifactTree;
using Digest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Transfer;

/// <summary>Downloads an artifact into a folder: the same verified, path-checked transfer agents use for their inputs.</summary>
public static class ArtifactDownload
{
    /// <summary>Writes the artifact's files under <paramref name="targetDirectory"/>; answers its tree.</summary>
    public static async Task<ArtifactTree> MaterializeAsync(ContentStore.ContentStoreClient client, Digest tree, string cacheDirectory,
        string targetDirectory, CancellationToken cancellationToken)
    {
        var cache = new BlobCache(cacheDirectory);
        var downloaded = await new ArtifactDownloader(new GrpcContentTransport(new ClientContentStoreCaller(client)), cache)
            .FetchAsync(tree, cancellationToken);
        await Materializer.MaterializeAsync(downloaded.Tree, cache, targetDirectory, cancellationToken);
        return downloaded.Tree;
    }
}
