using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BuildFarm.Core.Content;
using BuildFarm.Storage.Content;

namespace BuildFarm.Storage.Azure;

/// <summary>
/// The cluster profile's content store: one block blob per blob at <c>cas/sha256/{hash}</c> in the container.
/// Bytes are staged as uncommitted blocks while they are hashed, and the block list is committed only when hash
/// and size match the digest: a reader never finds a blob whose bytes do not match its name.
/// FindMissing asks the store (one HEAD per blob) only about blobs this node has not seen present recently
/// (<see cref="BlobPresenceMemory"/>): a repeated upload of an unchanged tree costs no round trip per file.
/// </summary>
public sealed class AzureBlobContentStore(BlobContainerClient container, BlobPresenceMemory? presence = null) : IContentStore
{
    public const string Prefix = "cas/sha256/";
    private const int BlockSize = 4 * 1024 * 1024;
    private const int ParallelChecks = 16;
    private readonly BlobPresenceMemory known = presence ?? new BlobPresenceMemory();

    public async Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default)
    {
        var asked = digests.Distinct().Where(d => d != Digest.Empty).ToList();
        foreach (var digest in asked) BlobName(digest);
        var present = asked.Select(known.IsKnownPresent).ToArray();
        var unknown = Enumerable.Range(0, asked.Count).Where(i => !present[i]);
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelChecks, CancellationToken = cancellationToken },
            async (i, token) => present[i] = await HoldsAsync(asked[i], token));
        return asked.Where((_, i) => !present[i]).ToList();
    }

    public async Task PutAsync(Digest digest, Stream content, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlockBlobClient(BlobName(digest));
        // Each writer stages its own blocks, so two writers of the same blob never mix their bytes.
        var writer = Guid.NewGuid().ToString("N");
        var blocks = new List<string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        long size = 0;
        try
        {
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0) break;
                hash.AppendData(buffer, 0, filled);
                size += filled;
                // Past the announced size the blob is refused anyway: stop sending so a runaway sender costs nothing.
                if (digest == Digest.Empty || size > digest.SizeBytes) continue;
                var id = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{writer}-{blocks.Count:D6}"));
                using var block = new MemoryStream(buffer, 0, filled, writable: false);
                await Guard(() => blob.StageBlockAsync(id, block, cancellationToken: cancellationToken), digest);
                blocks.Add(id);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var actual = new Digest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        if (actual != digest) throw new DigestMismatchException(digest, actual);
        if (digest == Digest.Empty) return;
        try
        {
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another writer stored the same (verified) blob first.
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(digest, e);
        }
        known.Remember(digest);
    }

    public async Task<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        if (digest == Digest.Empty) return new MemoryStream([], writable: false);
        try
        {
            return await Blob(digest).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // If this node remembered it, it was removed behind the farm's back: stop answering that it is present.
            known.Forget(digest);
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(digest, e);
        }
    }

    /// <summary>
    /// One HEAD: the blob is there with the digest's size. A blob of another size under the same hash is reported
    /// missing, so that the writer's put is refused (its bytes cannot hash to that name) instead of an artifact
    /// naming a size the store does not hold.
    /// </summary>
    private async Task<bool> HoldsAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Blob(digest).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength != digest.SizeBytes) return false;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(digest, e);
        }
        known.Remember(digest);
        return true;
    }

    /// <summary>The blob's name in the container.</summary>
    public static string BlobName(Digest digest) =>
        Digest.IsWellFormed(digest.Hash, digest.SizeBytes)
            ? Prefix + digest.Hash
            : throw new ArgumentException($"malformed digest '{digest}': expected 64 lowercase hex characters (SHA-256) and a size of 0 or more", nameof(digest));

    private BlobClient Blob(Digest digest) => container.GetBlobClient(BlobName(digest));

    private async Task<T> Guard<T>(Func<Task<Response<T>>> call, Digest digest)
    {
        try
        {
            return (await call()).Value;
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(digest, e);
        }
    }

    private BlobStoreUnavailableException Unavailable(Digest digest, RequestFailedException e) =>
        new($"the blob store ({container.Uri}) failed on blob {digest}: {e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0]}", e);
}
