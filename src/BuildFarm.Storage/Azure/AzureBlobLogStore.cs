using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BuildFarm.Storage.Logs;

namespace BuildFarm.Storage.Azure;

/// <summary>
/// The cluster profile's log store: one append blob per job attempt at <c>logs/{key}.log</c>. Every append is
/// conditional on the blob's current length, so a retried append skips the bytes already there, a gap is refused,
/// and two nodes appending to the same log cannot interleave.
/// </summary>
public sealed class AzureBlobLogStore(BlobContainerClient container) : ILogStore
{
    public const string Prefix = "logs/";
    private const int MaxAppendBytes = 4 * 1024 * 1024;

    public async Task<long> AppendAsync(string key, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = container.GetAppendBlobClient(BlobName(key));
        // First guess: the log is as long as the caller thinks (one round trip); otherwise read its length and go on.
        var length = data.IsEmpty ? await LengthAsync(blob, key, cancellationToken) : offset;
        while (true)
        {
            if (offset > length) throw new LogGapException(key, offset, length);
            var alreadyPresent = length - offset;
            if (alreadyPresent >= data.Length) return length;
            var next = data.Slice((int)alreadyPresent, Math.Min(data.Length - (int)alreadyPresent, MaxAppendBytes));
            try
            {
                using var block = new MemoryStream(next.ToArray(), writable: false);
                await blob.AppendBlockAsync(block, new AppendBlobAppendBlockOptions
                {
                    Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = length },
                }, cancellationToken);
                length += next.Length;
                continue;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Not where we thought (a retried append landed, or the log does not exist yet): read its length.
            }
            catch (RequestFailedException e)
            {
                throw new BlobStoreUnavailableException($"the blob store ({container.Uri}) failed to append to log '{key}': {e.Status} {e.ErrorCode}", e);
            }
            length = await LengthAsync(blob, key, cancellationToken);
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (maxBytes == 0) return ReadOnlyMemory<byte>.Empty;
        try
        {
            var response = await container.GetBlobClient(BlobName(key)).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset, maxBytes) }, cancellationToken);
            return response.Value.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        catch (RequestFailedException e)
        {
            throw new BlobStoreUnavailableException($"the blob store ({container.Uri}) failed to read log '{key}': {e.Status} {e.ErrorCode}", e);
        }
    }

    /// <summary>The blob's name in the container; keys are checked like the filesystem store checks them.</summary>
    public static string BlobName(string key)
    {
        LogKeys.Validate(key);
        return Prefix + key + ".log";
    }

    /// <summary>The log's length, creating the blob when it does not exist yet.</summary>
    private async Task<long> LengthAsync(AppendBlobClient blob, string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            try
            {
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
            }
            catch (RequestFailedException inner)
            {
                throw new BlobStoreUnavailableException($"the blob store ({container.Uri}) failed to create log '{key}': {inner.Status} {inner.ErrorCode}", inner);
            }
        }
        catch (RequestFailedException e)
        {
            throw new BlobStoreUnavailableException($"the blob store ({container.Uri}) failed to read the length of log '{key}': {e.Status} {e.ErrorCode}", e);
        }
    }
}
