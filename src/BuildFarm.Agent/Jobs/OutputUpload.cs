using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Jobs;

/// <summary>Uploads one output artifact and says so in the job's log.</summary>
internal static class OutputUpload
{
    public static async Task<Digest> RunAsync(ArtifactUploader uploader, string name, IReadOnlyList<LocalFile> files, LogChunker log, CancellationToken cancellationToken)
    {
        var uploaded = await TransferGuard.RunAsync($"output artifact '{name}'", () => uploader.UploadAsync(files, cancellationToken));
        log.WriteLine($"[farm] output '{name}': {uploaded.Files} files, {uploaded.SentBlobs} new blobs ({Units.Size(uploaded.SentBytes)}) sent");
        return uploaded.Tree;
    }
}
