using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>Splits blobs into batches of small ones (one call each) and large ones (one stream each).</summary>
internal sealed record TransferPlan(IReadOnlyList<IReadOnlyList<Digest>> Batches, IReadOnlyList<Digest> Streams)
{
    /// <summary>Larger blobs are streamed.</summary>
    public const long SmallBlobLimit = 1024 * 1024;

    /// <summary>Below the store's 4 MiB per batch call, with room for the envelope.</summary>
    public const long BatchBytes = 2 * 1024 * 1024;

    private const int BatchCount = 1000;

    public const int Parallelism = 4;

    public static TransferPlan For(IEnumerable<Digest> digests)
    {
        var batches = new List<IReadOnlyList<Digest>>();
        var streams = new List<Digest>();
        var batch = new List<Digest>();
        long batchBytes = 0;
        foreach (var digest in digests.Distinct())
        {
            if (digest.SizeBytes > SmallBlobLimit)
            {
                streams.Add(digest);
                continue;
            }
            if (batch.Count > 0 && (batchBytes + digest.SizeBytes > BatchBytes || batch.Count == BatchCount))
            {
                batches.Add(batch);
                batch = [];
                batchBytes = 0;
            }
            batch.Add(digest);
            batchBytes += digest.SizeBytes;
        }
        if (batch.Count > 0) batches.Add(batch);
        return new TransferPlan(batches, streams);
    }

    /// <summary>Every batch and stream as one unit of parallel work.</summary>
    public IEnumerable<IReadOnlyList<Digest>> WorkItems => Streams.Select(d => (IReadOnlyList<Digest>)[d]).Concat(Batches);

    public bool IsStream(IReadOnlyList<Digest> item) => item.Count == 1 && item[0].SizeBytes > SmallBlobLimit;
}
