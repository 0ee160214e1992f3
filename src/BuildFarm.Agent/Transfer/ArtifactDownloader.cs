using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>Brings an artifact's tree and every blob it names into the local cache, fetching only what the cache lacks.</summary>
internal sealed class ArtifactDownloader(IContentTransport transport, BlobCache cache)
{
    /// <summary>The decoded tree; afterwards every blob it names is in the cache.</summary>
    public async Task<DownloadedArtifact> FetchAsync(Digest treeDigest, CancellationToken cancellationToken)
    {
        await EnsureCachedAsync([treeDigest], cancellationToken);
        ArtifactTree tree;
        try
        {
            tree = ArtifactTree.Decode(await cache.ReadAllAsync(treeDigest, cancellationToken));
        }
        catch (InvalidTreeException e)
        {
            throw new ContentTransferException($"tree {treeDigest} is not a valid artifact tree: {e.Message}");
        }
        var fetched = await EnsureCachedAsync(tree.Entries.Select(e => e.Digest), cancellationToken);
        return new DownloadedArtifact(tree, fetched);
    }

    /// <summary>Returns how many blobs had to be fetched.</summary>
    private async Task<int> EnsureCachedAsync(IEnumerable<Digest> digests, CancellationToken cancellationToken)
    {
        var plan = TransferPlan.For(digests.Where(d => !cache.Contains(d)));
        var options = new ParallelOptions { MaxDegreeOfParallelism = TransferPlan.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan.WorkItems, options, async (item, token) =>
        {
            if (plan.IsStream(item))
            {
                await cache.PutAsync(item[0], (stream, t) => transport.ReadAsync(item[0], stream, t), Origin(item[0]), token);
                return;
            }
            var blobs = await transport.ReadBatchAsync(item, token);
            var byDigest = blobs.ToDictionary(b => b.Digest);
            foreach (var digest in item)
            {
                if (!byDigest.TryGetValue(digest, out var blob))
                    throw new ContentTransferException($"the content store did not return blob {digest}");
                await cache.PutAsync(digest, blob.Data, Origin(digest), token);
            }
        });
        return plan.Batches.Sum(b => b.Count) + plan.Streams.Count;
    }

    private static string Origin(Digest digest) => $"blob {digest} from the content store";
}

internal sealed record DownloadedArtifact(ArtifactTree Tree, int FetchedBlobs);
