using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BuildFarm.Storage.Logs;

namespace BuildFarm.Storage.Azure;

/// <summary>
/// The cluster profile's log store: each job attempt's log is a chain of append blobs, <c>logs/{key}.log</c> then
/// <c>logs/{key}.log.1</c>, <c>.2</c>..., because an append blob takes at most 50,000 appends (under three hours of
/// a chatty job's 200 ms chunks). A full segment is sealed before the next one is created, carrying its start offset,
/// so a node with an old view cannot append behind it. Every append is conditional on the segment's current length:
/// a retried append skips the bytes already there, a gap is refused, and two nodes cannot interleave.
/// </summary>
public sealed class AzureBlobLogStore(BlobContainerClient container, int maxBlocksPerSegment = AzureBlobLogStore.MaxBlocksPerSegment) : ILogStore
{
    public const string Prefix = "logs/";

    /// <summary>Azure's limit of appends per append blob.</summary>
    public const int MaxBlocksPerSegment = 50_000;

    private const int MaxAppendBytes = 4 * 1024 * 1024;
    private const string StartMetadata = "start";
    private const int MaxRememberedSegments = 1024;

    /// <summary>The last segment of logs that rolled over, so their appends stay one round trip on this node.</summary>
    private readonly ConcurrentDictionary<string, LogSegment> rolledOver = new();

    public async Task<long> AppendAsync(string key, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        BlobName(key);
        // First guess: the log is as long as the caller thinks, in the segment we saw last (one round trip);
        // otherwise look at the segments and go on.
        var segment = rolledOver.GetValueOrDefault(key) is { } remembered && remembered.Start <= offset
            ? remembered with { Length = offset - remembered.Start }
            : new LogSegment(0, 0, offset);
        if (data.IsEmpty) segment = await LastSegmentAsync(key, create: true, cancellationToken);
        var length = segment.Start + segment.Length;
        // A log's first chunk: the log almost never exists yet, so create it first (not a refused append first).
        var created = offset == 0 && segment.Index == 0 && !data.IsEmpty;
        if (created) await CreateFirstSegmentAsync(key, cancellationToken);
        while (true)
        {
            if (offset > length) throw new LogGapException(key, offset, length);
            var alreadyPresent = length - offset;
            if (alreadyPresent >= data.Length) return length;
            var next = data.Slice((int)alreadyPresent, Math.Min(data.Length - (int)alreadyPresent, MaxAppendBytes));
            var blob = container.GetAppendBlobClient(SegmentName(key, segment.Index));
            try
            {
                using var block = new MemoryStream(next.ToArray(), writable: false);
                var appended = await blob.AppendBlockAsync(block, new AppendBlobAppendBlockOptions
                {
                    Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = length - segment.Start },
                }, cancellationToken);
                length += next.Length;
                segment = segment with { Length = length - segment.Start };
                if (appended.Value.BlobCommittedBlockCount >= maxBlocksPerSegment)
                    segment = await RollOverAsync(key, segment, cancellationToken);
                continue;
            }
            catch (RequestFailedException e) when (e.Status == 404 && segment.Index == 0 && !created)
            {
                // The log does not exist yet: create it and append again, still conditional (an offset past 0 is a gap).
                await CreateFirstSegmentAsync(key, cancellationToken);
                created = true;
                continue;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404 || e.ErrorCode == "BlobIsSealed")
            {
                // Not where we thought (a retried append landed, the log does not exist yet, another node rolled it over).
            }
            catch (RequestFailedException e) when (e.ErrorCode == "BlockCountExceedsLimit")
            {
                await RollOverAsync(key, segment, cancellationToken);
            }
            catch (RequestFailedException e)
            {
                throw Unavailable($"append to log '{key}'", e);
            }
            segment = await LastSegmentAsync(key, create: true, cancellationToken);
            length = segment.Start + segment.Length;
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        BlobName(key);
        if (maxBytes == 0) return ReadOnlyMemory<byte>.Empty;
        // Most logs never roll over: try the first segment (one round trip); past its end, look for the next ones.
        // The caller reads on from where this answer ends.
        if (!rolledOver.ContainsKey(key) && await ReadSegmentAsync(key, new LogSegment(0, 0, 0), offset, maxBytes, cancellationToken) is { Length: > 0 } first)
            return first;
        var segments = await SegmentsAsync(key, cancellationToken);
        if (segments.LastOrDefault(s => s.Start <= offset) is not { } segment || offset >= segment.Start + segment.Length)
            return ReadOnlyMemory<byte>.Empty;
        return await ReadSegmentAsync(key, segment, offset, maxBytes, cancellationToken);
    }

    private async Task<ReadOnlyMemory<byte>> ReadSegmentAsync(string key, LogSegment segment, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(SegmentName(key, segment.Index)).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset - segment.Start, maxBytes) }, cancellationToken);
            return response.Value.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        catch (RequestFailedException e)
        {
            throw Unavailable($"read log '{key}'", e);
        }
    }

    /// <summary>The first segment's name in the container; keys are checked like the filesystem store checks them.</summary>
    public static string BlobName(string key)
    {
        LogKeys.Validate(key);
        return Prefix + key + ".log";
    }

    private static string SegmentName(string key, int index) =>
        index == 0 ? BlobName(key) : BlobName(key) + "." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Seals <paramref name="full"/> and creates the segment after it, starting where the sealed one ends. Safe when
    /// several nodes do it at once: sealing and creating are idempotent, and a sealed length never changes.
    /// </summary>
    private async Task<LogSegment> RollOverAsync(string key, LogSegment full, CancellationToken cancellationToken)
    {
        try
        {
            var blob = container.GetAppendBlobClient(SegmentName(key, full.Index));
            await blob.SealAsync(cancellationToken: cancellationToken);
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            var next = new LogSegment(full.Index + 1, full.Start + properties.Value.ContentLength, 0);
            await container.GetAppendBlobClient(SegmentName(key, next.Index)).CreateIfNotExistsAsync(new AppendBlobCreateOptions
            {
                Metadata = new Dictionary<string, string> { [StartMetadata] = next.Start.ToString(CultureInfo.InvariantCulture) },
            }, cancellationToken);
            if (rolledOver.Count >= MaxRememberedSegments) rolledOver.Clear();
            rolledOver[key] = next;
            return next;
        }
        catch (RequestFailedException e)
        {
            throw Unavailable($"start a new segment of log '{key}'", e);
        }
    }

    /// <summary>The log's last segment (creating the first when the log does not exist yet and <paramref name="create"/>).</summary>
    private async Task<LogSegment> LastSegmentAsync(string key, bool create, CancellationToken cancellationToken)
    {
        var segments = await SegmentsAsync(key, cancellationToken);
        if (segments.Count > 0)
        {
            if (segments[^1].Index > 0) rolledOver[key] = segments[^1];
            return segments[^1];
        }
        if (!create) return new LogSegment(0, 0, 0);
        await CreateFirstSegmentAsync(key, cancellationToken);
        return await LastSegmentAsync(key, create: false, cancellationToken);
    }

    private async Task CreateFirstSegmentAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetAppendBlobClient(BlobName(key)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw Unavailable($"create log '{key}'", e);
        }
    }

    /// <summary>The log's segments in order, with their start offsets and lengths: one listing.</summary>
    private async Task<List<LogSegment>> SegmentsAsync(string key, CancellationToken cancellationToken)
    {
        var first = BlobName(key);
        var segments = new List<LogSegment>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = first, Traits = BlobTraits.Metadata }, cancellationToken))
            {
                var rest = item.Name[first.Length..];
                var index = rest.Length == 0 ? 0
                    : rest[0] == '.' && int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                    : -1; // another key's log whose name begins with this one's
                if (index < 0) continue;
                long start = 0;
                if (index > 0 && !(item.Metadata.TryGetValue(StartMetadata, out var written) && long.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
                    throw new BlobStoreUnavailableException($"the blob store ({container.Uri}) holds segment '{item.Name}' of log '{key}' without its start offset (metadata '{StartMetadata}')");
                segments.Add(new LogSegment(index, start, item.Properties.ContentLength ?? 0));
            }
        }
        catch (RequestFailedException e)
        {
            throw Unavailable($"list the segments of log '{key}'", e);
        }
        segments.Sort((a, b) => a.Index.CompareTo(b.Index));
        return segments;
    }

    private BlobStoreUnavailableException Unavailable(string what, RequestFailedException e) =>
        new($"the blob store ({container.Uri}) failed to {what}: {e.Status} {e.ErrorCode}", e);

    /// <summary>One append blob of a log: its number, the log offset of its first byte, and its length.</summary>
    private sealed record LogSegment(int Index, long Start, long Length);
}
