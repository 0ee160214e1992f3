using BuildFarm.Agent.Logs;
using BuildFarm.Api.V1;
using BuildFarm.Git;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The CommitStatus provider: posts <c>pending</c> for the commit when the action runs; the server posts the final
/// state (success, failure, error) to the same URL when the execution ends.
/// </summary>
internal static class CommitStatusJob
{
    public static async Task<JobResult> RunAsync(Job job, LogChunker log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var (url, status, _) = CommitStatusPoster.FromConfiguration(job.Configuration, CommitStatus.Pending);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new JobFailureException(ErrorKind.ConfigurationError, $"configuration 'Url' is '{url}'; give an http:// or https:// URL");
        var token = JobSecrets.Get(job, "TokenSecret");
        try
        {
            var code = await CommitStatusPoster.PostAsync(url, status, token, cancellationToken);
            log.WriteLine($"[farm] commit status '{status.State}' ({status.Context}) posted to {url}: HTTP {code}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new JobFailureException(ErrorKind.CommandFailed, $"posting the commit status failed: {e.Message}");
        }
        return new JobResult { Succeeded = true, StartedAt = startedAt, FinishedAt = DateTimeOffset.UtcNow };
    }
}
