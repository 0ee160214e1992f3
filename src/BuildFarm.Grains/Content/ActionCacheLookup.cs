using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains.Content;

/// <summary>
/// Looks attempts up in the action cache. An entry counts only when every blob it names is in the content store: its
/// output trees, every file of each tree, and its report blobs. Anything missing (or unreadable, or a store that does
/// not answer) makes a miss, never a failure; an entry found incomplete is dropped.
/// </summary>
internal sealed class ActionCacheLookup(IGrainFactory grains, IArtifactStore store, ILogger logger)
{
    public async Task<IReadOnlyList<CacheAnswer>> AnswerAsync(IReadOnlyList<CacheLookup> lookups) =>
        await Task.WhenAll(lookups.Select(AnswerAsync));

    private async Task<CacheAnswer> AnswerAsync(CacheLookup lookup)
    {
        var cache = grains.Get<IActionCacheGrain>(lookup.Key);
        try
        {
            if (await cache.GetAsync() is not { } entry) return new CacheAnswer(lookup.JobId, null);
            if (await MissingAsync(entry) is not { } missing) return new CacheAnswer(lookup.JobId, entry);
            logger.LogInformation("Action cache {Key}: a miss, {Missing}; the entry is dropped", lookup.Key, missing);
            await cache.DropAsync(entry.ExecutionId, entry.Stage, entry.Action, entry.Attempt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Action cache {Key}: the lookup failed; counted as a miss", lookup.Key);
        }
        return new CacheAnswer(lookup.JobId, null);
    }

    /// <summary>What is missing of the entry's blobs (for the log), or null when everything is present.</summary>
    private async Task<string?> MissingAsync(ActionCacheEntry entry)
    {
        var blobs = new HashSet<Digest>(entry.ReportBlobs);
        foreach (var (name, treeDigest) in entry.Outputs)
        {
            if (await store.ReadAsync(treeDigest) is not { } bytes) return $"the tree of output '{name}' ({treeDigest}) is gone";
            try
            {
                blobs.UnionWith(ArtifactTree.Decode(bytes).Entries.Select(e => e.Digest));
            }
            catch (InvalidTreeException e)
            {
                return $"the tree of output '{name}' is not a tree: {e.Message}";
            }
        }
        if (blobs.Count == 0) return null;
        var missing = await store.FindMissingAsync(blobs);
        return missing.Count == 0 ? null : $"{missing.Count} blob(s) are gone, e.g. {missing[0]}";
    }
}
