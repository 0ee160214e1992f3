using System.Text;
using BuildFarm.Storage.Azure;
using BuildFarm.Storage.Content;
using BuildFarm.Storage.Tests;

namespace BuildFarm.Cluster.Tests;

/// <summary>
/// The Azure content store's memory of present blobs, against Azurite: blobs are removed behind the store's back
/// to show when it answers from its memory and when it asks the store.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BlobPresenceTests(ClusterServices services)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private readonly Azure.Storage.Blobs.BlobContainerClient container = BlobContainer.Connect(services.Blob, "presence-" + Guid.NewGuid().ToString("n")[..12]);
    private readonly ManualClock clock = new();

    private async Task<Azure.Storage.Blobs.BlobContainerClient> ContainerAsync()
    {
        await BlobContainer.EnsureExistsAsync(container);
        return container;
    }

    private AzureBlobContentStore Node(Azure.Storage.Blobs.BlobContainerClient blobs) => new(blobs, new BlobPresenceMemory(100, MaxAge, clock));

    private Task RemoveBehindTheStoresBackAsync(CoreDigest digest) => container.DeleteBlobAsync(AzureBlobContentStore.BlobName(digest));

    [Fact]
    public async Task A_blob_this_node_stored_is_answered_from_memory_until_a_read_finds_it_gone()
    {
        var blobs = await ContainerAsync();
        var node = Node(blobs);
        var digest = await node.PutAsync(Encoding.UTF8.GetBytes("stored by this node"));
        await RemoveBehindTheStoresBackAsync(digest);

        Assert.Empty(await node.FindMissingAsync([digest]));
        Assert.Equal([digest], await Node(blobs).FindMissingAsync([digest])); // a node that never saw it asks the store

        Assert.Null(await node.OpenReadAsync(digest));
        Assert.Equal([digest], await node.FindMissingAsync([digest]));
    }

    [Fact]
    public async Task A_blob_a_check_found_is_remembered_until_its_entry_ages_out_and_a_missing_one_is_asked_again()
    {
        var blobs = await ContainerAsync();
        var writer = Node(blobs);
        var found = await writer.PutAsync(Encoding.UTF8.GetBytes("stored by another node"));
        var later = CoreDigest.Of(Encoding.UTF8.GetBytes("stored after the first check"));
        var node = Node(blobs);

        Assert.Equal([later], await node.FindMissingAsync([found, later]));
        await RemoveBehindTheStoresBackAsync(found);
        await writer.PutAsync(later, Encoding.UTF8.GetBytes("stored after the first check"));
        Assert.Empty(await node.FindMissingAsync([found, later]));

        clock.Advance(MaxAge);
        Assert.Equal([found], await node.FindMissingAsync([found, later]));
    }

    [Fact]
    public async Task A_blob_asked_for_with_another_size_is_missing_and_its_bytes_are_refused_under_that_size()
    {
        var blobs = await ContainerAsync();
        var data = Encoding.UTF8.GetBytes("sized content");
        var digest = await Node(blobs).PutAsync(data);
        var wrongSize = digest with { SizeBytes = digest.SizeBytes + 1 };
        var node = Node(blobs);

        Assert.Equal([wrongSize], await node.FindMissingAsync([digest, wrongSize]));
        await Assert.ThrowsAsync<DigestMismatchException>(() => node.PutAsync(wrongSize, data));
        Assert.Equal([wrongSize], await node.FindMissingAsync([wrongSize, digest]));
    }
}
