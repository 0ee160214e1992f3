using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;

namespace BuildFarm.Agent.Jobs;

/// <summary>Input artifacts into their directories, verified and path-checked; several inputs download at once.</summary>
internal static class InputDownload
{
    /// <summary>Every input into its directory, all at once; answers their tree digests in the same order.</summary>
    public static async Task<Digest[]> RunAllAsync(ArtifactDownloader downloader, BlobCache cache, IReadOnlyList<(JobInput Input, string Directory)> inputs,
        LinkedInputs? links, LogChunker log, CancellationToken cancellationToken) =>
        await Task.WhenAll(inputs.Select(i => RunAsync(downloader, cache, i.Input, i.Directory, links, log, cancellationToken)));

    public static async Task<Digest> RunAsync(ArtifactDownloader downloader, BlobCache cache, JobInput input, string directory, LinkedInputs? links, LogChunker log,
        CancellationToken cancellationToken)
    {
        if (input.Tree is not { } tree || !Digest.IsWellFormed(tree.Hash, tree.SizeBytes))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"input artifact '{input.Name}' has no valid tree digest");
        var digest = tree.ToCore();
        var downloaded = await TransferGuard.RunAsync($"input artifact '{input.Name}'", async () =>
        {
            var artifact = await downloader.FetchAsync(digest, cancellationToken);
            await Materializer.MaterializeAsync(artifact.Tree, cache, directory, cancellationToken, links);
            return artifact;
        });
        log.WriteLine($"[farm] input '{input.Name}': {downloaded.Tree.Entries.Count} files ({Units.Size(downloaded.Tree.TotalSize)}, {downloaded.FetchedBlobs} blobs fetched) in {directory}");
        return digest;
    }

    /// <summary>Input names become directory names: one plain path segment.</summary>
    public static string CheckedName(string name)
    {
        if (TreePath.Check(name) is not null || name.Contains('/'))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"input artifact name '{name}' cannot be a directory name");
        return name;
    }
}
