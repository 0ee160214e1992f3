using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Jobs;

/// <summary>Uploads output artifacts (several at once) and says so in the job's log.</summary>
internal static class OutputUpload
{
    public static async Task<Dictionary<string, Digest>> RunAllAsync(ArtifactUploader uploader, IReadOnlyList<(string Name, IReadOnlyList<LocalFile> Files)> outputs,
        LogChunker log, CancellationToken cancellationToken)
    {
        var trees = await Task.WhenAll(outputs.Select(o => RunAsync(uploader, o.Name, o.Files, log, cancellationToken)));
        return outputs.Select((o, i) => (o.Name, trees[i])).ToDictionary(x => x.Name, x => x.Item2, StringComparer.Ordinal);
    }

    public static async Task<Digest> RunAsync(ArtifactUploader uploader, string name, IReadOnlyList<LocalFile> files, LogChunker log, CancellationToken cancellationToken)
    {
        var uploaded = await TransferGuard.RunAsync($"output artifact '{name}'", () => uploader.UploadAsync(files, cancellationToken));
        log.WriteLine($"[farm] output '{name}': {uploaded.Files} files, {uploaded.SentBlobs} new blobs ({Units.Size(uploaded.SentBytes)}) sent");
        return uploaded.Tree;
    }
}
