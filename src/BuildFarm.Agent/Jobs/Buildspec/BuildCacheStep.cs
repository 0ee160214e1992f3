using System.Diagnostics;
using BuildFarm.Agent.Files;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using Microsoft.Extensions.FileSystemGlobbing;
using Digest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// cache.paths: one tree per pipeline action in the content store, restored before install and saved after a
/// successful build. Paths relative to the source directory are kept under <c>src/</c> in the tree, <c>~/</c> paths
/// (the job's own HOME) under <c>home/</c>. A cache is an optimisation: its failures are logged, never fatal.
/// </summary>
internal sealed class BuildCacheStep(BlobCache cache, ArtifactDownloader downloader, ArtifactUploader uploader, IBuildContextSource context)
{
    private const string SourcePrefix = "src/";
    private const string HomePrefix = "home/";

    public async Task RestoreAsync(BuildContext build, string sourceDirectory, string home, string scratch, LogChunker log, CancellationToken cancellationToken)
    {
        if (build.CacheTree is not { } tree)
        {
            log.WriteLine("[farm] cache: none saved yet for this action");
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            var downloaded = await downloader.FetchAsync(tree, cancellationToken);
            await Materializer.MaterializeAsync(downloaded.Tree, cache, scratch, cancellationToken);
            var restored = Move(Path.Combine(scratch, "src"), sourceDirectory) + Move(Path.Combine(scratch, "home"), home);
            log.WriteLine($"[farm] cache: restored {restored} files ({Units.Size(downloaded.Tree.TotalSize)}, {downloaded.FetchedBlobs} blobs fetched) " +
                          $"saved by {build.CacheSavedBy} at {build.CacheSavedAt:u} in {clock.ElapsedMilliseconds} ms");
        }
        catch (Exception e) when (e is ContentTransferException or IOException or UnauthorizedAccessException or Grpc.Core.RpcException)
        {
            log.WriteLine($"[farm] cache: could not restore ({e.Message}); the build runs without it");
        }
    }

    public async Task SaveAsync(Lease lease, BuildContext build, IReadOnlyList<string> paths, string sourceDirectory, string home, LogChunker log,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var files = Collect(paths.Where(p => !IsHome(p)).ToList(), sourceDirectory, SourcePrefix)
                .Concat(Collect(paths.Where(IsHome).Select(p => p[2..]).ToList(), home, HomePrefix)).ToList();
            if (files.Count == 0)
            {
                log.WriteLine($"[farm] cache: no file matches {string.Join(", ", paths)}; nothing saved");
                return;
            }
            var uploaded = await uploader.UploadAsync(files, cancellationToken);
            if (build.CacheTree == uploaded.Tree)
            {
                log.WriteLine($"[farm] cache: unchanged ({uploaded.Files} files)");
                return;
            }
            await context.PutCacheAsync(lease, uploaded.Tree, cancellationToken);
            log.WriteLine($"[farm] cache: saved {uploaded.Files} files ({uploaded.SentBlobs} new blobs, {Units.Size(uploaded.SentBytes)} sent) in {clock.ElapsedMilliseconds} ms");
        }
        catch (Exception e) when (e is ContentTransferException or IOException or UnauthorizedAccessException or Grpc.Core.RpcException)
        {
            log.WriteLine($"[farm] cache: could not save ({e.Message})");
        }
    }

    private static bool IsHome(string path) => path.StartsWith("~/", StringComparison.Ordinal);

    /// <summary>A path without wildcards names a file or a whole directory.</summary>
    private static IEnumerable<LocalFile> Collect(IReadOnlyList<string> globs, string root, string prefix)
    {
        if (globs.Count == 0 || !Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in globs)
        {
            matcher.AddInclude(glob);
            if (glob.IndexOfAny(['*', '?', '[']) < 0) matcher.AddInclude(glob.TrimEnd('/') + "/**");
        }
        return GlobFilter.Apply(matcher, root, FileWalker.Walk(root)).Select(f => f with { RelativePath = prefix + f.RelativePath });
    }

    /// <summary>Moves restored files into place; a file the inputs already hold wins over the cached one.</summary>
    private static int Move(string from, string to)
    {
        if (!Directory.Exists(from)) return 0;
        var moved = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            if (Path.Exists(target)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file, target);
            moved++;
        }
        return moved;
    }
}
