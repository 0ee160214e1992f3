using BuildFarm.Agent.Files;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>The Folder provider: a snapshot of a directory on this machine becomes the job's one output artifact.</summary>
internal sealed class FolderJob(ArtifactUploader uploader)
{
    public async Task<JobResult> RunAsync(Job job, LogChunker log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        if (job.Outputs.Count != 1)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"the Folder provider produces exactly one output artifact; this action declares {job.Outputs.Count}");
        var path = job.Configuration.GetValueOrDefault("Path");
        var exclude = job.Configuration.GetValueOrDefault("Exclude");
        IReadOnlyList<LocalFile> files;
        try
        {
            files = FolderSnapshot.Take(path, exclude);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JobFailureException(ErrorKind.WorkspaceError, $"cannot read folder '{path}': {e.Message}");
        }
        log.WriteLine($"[farm] folder {path}: {files.Count} files{(string.IsNullOrWhiteSpace(exclude) ? "" : $" (excluding {exclude})")}");
        var name = job.Outputs[0].Name;
        var tree = await OutputUpload.RunAsync(uploader, name, files, log, cancellationToken);
        return new JobResult
        {
            Succeeded = true,
            Outputs = new Dictionary<string, Digest> { [name] = tree },
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }
}
