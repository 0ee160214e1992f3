using System.Security.Cryptography;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using BuildFarm.Storage.Azure;

namespace BuildFarm.Cluster.Tests;

/// <summary>Reads the blob container directly (not through the farm) to check what the farm stored.</summary>
public static class BlobAudit
{
    /// <summary>Both checks below; answers how many files the execution's artifacts hold.</summary>
    public static async Task<int> VerifyAsync(ClusterFarm farm, string executionId) =>
        await VerifyArtifactsAsync(farm, executionId, await VerifyEveryBlobAsync(farm));

    /// <summary>Every blob under cas/: its bytes hash to its name. Answers the digests found.</summary>
    public static async Task<IReadOnlySet<CoreDigest>> VerifyEveryBlobAsync(ClusterFarm farm)
    {
        var found = new HashSet<CoreDigest>();
        await foreach (var item in farm.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, AzureBlobContentStore.Prefix, CancellationToken.None))
        {
            var bytes = (await farm.Container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.True(item.Name == AzureBlobContentStore.Prefix + hash, $"blob {item.Name} holds bytes that hash to {hash}");
            found.Add(new CoreDigest(hash, bytes.Length));
        }
        return found;
    }

    /// <summary>Every artifact of the execution: its tree and every file of it are blobs of the container, named by digest.</summary>
    public static async Task<int> VerifyArtifactsAsync(ClusterFarm farm, string executionId, IReadOnlySet<CoreDigest> stored)
    {
        var artifacts = await farm.ListArtifactsAsync(executionId);
        var files = 0;
        foreach (var artifact in artifacts)
        {
            var treeDigest = new CoreDigest(artifact.Digest.Hash, artifact.Digest.SizeBytes);
            Assert.True(stored.Contains(treeDigest), $"artifact {artifact.Name}'s tree {treeDigest} is not in the blob container");
            var tree = ArtifactTree.Decode((await farm.Container.GetBlobClient(AzureBlobContentStore.BlobName(treeDigest)).DownloadContentAsync()).Value.Content.ToArray());
            foreach (var entry in tree.Entries.Where(e => e.Digest != CoreDigest.Empty))
            {
                Assert.True(stored.Contains(entry.Digest), $"file {entry.Path} of artifact {artifact.Name} ({entry.Digest}) is not in the blob container");
                files++;
            }
        }
        return files;
    }
}
