using System.Text;
using BuildFarm.Storage.Azure;
using BuildFarm.Storage.Content;
using BuildFarm.Storage.Logs;

namespace BuildFarm.Cluster.Tests;

/// <summary>The Azure Blob content and log stores against Azurite: the contracts the filesystem stores keep.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BlobStoreTests(ClusterServices services)
{
    private readonly Azure.Storage.Blobs.BlobContainerClient container = BlobContainer.Connect(services.Blob, "store-" + Guid.NewGuid().ToString("n")[..12]);

    private async Task<Azure.Storage.Blobs.BlobContainerClient> ContainerAsync()
    {
        await BlobContainer.EnsureExistsAsync(container);
        return container;
    }

    [Fact]
    public async Task Bytes_that_do_not_match_their_digest_are_refused_and_nothing_is_stored()
    {
        var store = new AzureBlobContentStore(await ContainerAsync());
        var good = Encoding.UTF8.GetBytes("the real content");
        var digest = CoreDigest.Of(good);
        await Assert.ThrowsAsync<DigestMismatchException>(() => store.PutAsync(digest, Encoding.UTF8.GetBytes("something else!")));
        Assert.Equal([digest], await store.FindMissingAsync([digest]));
        Assert.Null(await store.OpenReadAsync(digest));
        Assert.False(await container.GetBlobClient(AzureBlobContentStore.BlobName(digest)).ExistsAsync());

        await store.PutAsync(digest, good);
        await store.PutAsync(digest, good); // again: a no-op
        Assert.Empty(await store.FindMissingAsync([digest, CoreDigest.Empty]));
        Assert.Equal(good, await store.ReadAllBytesAsync(digest));
    }

    [Fact]
    public async Task A_blob_larger_than_one_block_is_stored_whole_under_its_digest()
    {
        var store = new AzureBlobContentStore(await ContainerAsync());
        var data = new byte[9 * 1024 * 1024 + 123];
        Random.Shared.NextBytes(data);
        var digest = await store.PutAsync(data);
        Assert.Equal(data, await store.ReadAllBytesAsync(digest));
        // One byte short of the announced size is refused too.
        await Assert.ThrowsAsync<DigestMismatchException>(() => store.PutAsync(new CoreDigest(digest.Hash, digest.SizeBytes + 1), data));
    }

    [Fact]
    public async Task Log_appends_are_idempotent_by_offset_and_refuse_gaps()
    {
        var logs = new AzureBlobLogStore(await ContainerAsync());
        var key = "ex-abc/Build/Compile/1";
        Assert.Equal(0, (await logs.ReadAsync(key, 0, 100)).Length);
        Assert.Equal(6, await logs.AppendAsync(key, 0, "hello "u8.ToArray()));
        Assert.Equal(6, await logs.AppendAsync(key, 0, "hello "u8.ToArray())); // a retried append
        Assert.Equal(11, await logs.AppendAsync(key, 3, "lo world"u8.ToArray())); // overlapping: only the new bytes
        var gap = await Assert.ThrowsAsync<LogGapException>(() => logs.AppendAsync(key, 20, "x"u8.ToArray()));
        Assert.Equal(11, gap.Length);
        await Assert.ThrowsAsync<LogGapException>(() => logs.AppendAsync(key, 20, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(11, await logs.AppendAsync(key, 11, ReadOnlyMemory<byte>.Empty));
        Assert.Equal("hello world", Encoding.UTF8.GetString((await logs.ReadAsync(key, 0, 100)).Span));
        Assert.Equal("world", Encoding.UTF8.GetString((await logs.ReadAsync(key, 6, 100)).Span));
        Assert.Equal(0, (await logs.ReadAsync(key, 11, 100)).Length);
        Assert.Throws<ArgumentException>(() => AzureBlobLogStore.BlobName("ex-abc/../secret"));
    }
}
