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

    [Fact]
    public async Task A_log_past_its_segment_limit_goes_on_in_sealed_segments_that_read_as_one_log()
    {
        var blobs = await ContainerAsync();
        var logs = new AzureBlobLogStore(blobs, maxBlocksPerSegment: 3);
        var key = "ex-roll/Build/Compile/1";
        var expected = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            var line = $"line {i}\n";
            Assert.Equal(expected.Length + line.Length, await logs.AppendAsync(key, expected.Length, Encoding.UTF8.GetBytes(line)));
            expected.Append(line);
        }

        // 10 appends of at most 3 per segment: four segments, all but the last sealed.
        var names = new List<string>();
        await foreach (var item in blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = AzureBlobLogStore.Prefix + "ex-roll/" })) names.Add(item.Name);
        Assert.Equal(["logs/ex-roll/Build/Compile/1.log", "logs/ex-roll/Build/Compile/1.log.1", "logs/ex-roll/Build/Compile/1.log.2", "logs/ex-roll/Build/Compile/1.log.3"], names.Order());
        Assert.True((await blobs.GetBlobClient(names[0]).GetPropertiesAsync()).Value.IsSealed);
        Assert.False((await blobs.GetBlobClient("logs/ex-roll/Build/Compile/1.log.3").GetPropertiesAsync()).Value.IsSealed);

        // Read back in the server's way (on until empty), from the start and from inside a later segment.
        Assert.Equal(expected.ToString(), await ReadAllAsync(logs, key, 0));
        Assert.Equal(expected.ToString()[25..], await ReadAllAsync(logs, key, 25));

        // A retried append of bytes in a sealed segment is a no-op; a gap is refused with the whole log's length.
        Assert.Equal(expected.Length, await logs.AppendAsync(key, 7, Encoding.UTF8.GetBytes("line 1\n")));
        Assert.Equal(expected.Length, (await Assert.ThrowsAsync<LogGapException>(() => logs.AppendAsync(key, expected.Length + 5, "x"u8.ToArray()))).Length);

        // Another node, which never saw the roll-over, appends at the end: it lands in the last segment, not the sealed first.
        var otherNode = new AzureBlobLogStore(blobs, maxBlocksPerSegment: 3);
        Assert.Equal(expected.Length + 4, await otherNode.AppendAsync(key, expected.Length, "end\n"u8.ToArray()));
        Assert.Equal(expected + "end\n", await ReadAllAsync(otherNode, key, 0));
    }

    private static async Task<string> ReadAllAsync(ILogStore logs, string key, long offset)
    {
        var text = new StringBuilder();
        while (await logs.ReadAsync(key, offset, 4) is { Length: > 0 } chunk)
        {
            text.Append(Encoding.UTF8.GetString(chunk.Span));
            offset += chunk.Length;
        }
        return text.ToString();
    }
}
