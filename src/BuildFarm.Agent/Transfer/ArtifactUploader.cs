using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// Turns local files into an artifact in the content store: hash, build the tree, ask which blobs the store lacks,
/// send only those (through the local cache, which checks that a file did not change since it was hashed), tree last.
/// </summary>
internal sealed class ArtifactUploader(IContentTransport transport, BlobCache cache)
{
    /// <summary>Keeps each FindMissingBlobs request well under the store's message size.</summary>
    private const int FindMissingChunk = 10_000;

    public async Task<UploadedArtifact> UploadAsync(IReadOnlyList<LocalFile> files, CancellationToken cancellationToken)
    {
        var entries = await HashAsync(files, cancellationToken);
        ArtifactTree tree;
        try
        {
            tree = ArtifactTree.Create(entries);
        }
        catch (InvalidTreeException e)
        {
            throw new ContentTransferException($"the files cannot form an artifact: {e.Message}");
        }
        var treeBytes = tree.Encode();
        var treeDigest = Digest.Of(treeBytes);

        var sourceOf = new Dictionary<Digest, string>();
        for (var i = 0; i < files.Count; i++) sourceOf.TryAdd(entries[i].Digest, files[i].FullPath);
        var missing = await FindMissingAsync([.. sourceOf.Keys, treeDigest], cancellationToken);
        var missingFiles = missing.Where(d => d != treeDigest && sourceOf.ContainsKey(d)).ToList();

        foreach (var digest in missingFiles) await cache.PutFileAsync(digest, sourceOf[digest], cancellationToken);
        await SendAsync(missingFiles, cancellationToken);

        await cache.PutAsync(treeDigest, treeBytes, "the artifact tree", cancellationToken);
        if (missing.Contains(treeDigest)) await SendAsync([treeDigest], cancellationToken);
        return new UploadedArtifact(treeDigest, tree.Entries.Count, missingFiles.Count, missingFiles.Sum(d => d.SizeBytes));
    }

    /// <summary>Hashes the files on every core, off the caller's thread.</summary>
    private static Task<TreeEntry[]> HashAsync(IReadOnlyList<LocalFile> files, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var entries = new TreeEntry[files.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, files.Count, options, i =>
                    entries[i] = new TreeEntry(files[i].RelativePath, FileDigest.Of(files[i].FullPath), FileModes.Normalize(files[i].Mode)));
            }
            catch (AggregateException e)
            {
                // A file that vanished or cannot be read fails the upload as itself, as a single read would.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            return entries;
        }, cancellationToken);

    private async Task<HashSet<Digest>> FindMissingAsync(IReadOnlyList<Digest> digests, CancellationToken cancellationToken)
    {
        var missing = new HashSet<Digest>();
        foreach (var chunk in digests.Chunk(FindMissingChunk))
            missing.UnionWith(await transport.FindMissingAsync(chunk, cancellationToken));
        return missing;
    }

    /// <summary>Sends blobs that are already in the cache.</summary>
    private async Task SendAsync(IEnumerable<Digest> digests, CancellationToken cancellationToken)
    {
        var plan = TransferPlan.For(digests);
        var options = new ParallelOptions { MaxDegreeOfParallelism = TransferPlan.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan.WorkItems, options, async (item, token) =>
        {
            if (plan.IsStream(item))
            {
                await transport.WriteAsync(item[0], () => cache.OpenRead(item[0]), token);
                return;
            }
            var blobs = new List<Blob>(item.Count);
            foreach (var digest in item) blobs.Add(new Blob(digest, await cache.ReadAllAsync(digest, token)));
            await transport.WriteBatchAsync(blobs, token);
        });
    }
}

/// <summary>An uploaded artifact: its tree digest, how many files it has, and how many blobs and bytes were new to the store.</summary>
internal sealed record UploadedArtifact(Digest Tree, int Files, int SentBlobs, long SentBytes);
