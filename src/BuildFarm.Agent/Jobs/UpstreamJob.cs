using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The Upstream provider: its output artifact is an artifact the upstream execution produced (the trigger puts its
/// digest in the configuration). Nothing is copied: the tree is already in the content store, which is checked.
/// </summary>
internal sealed class UpstreamJob(IContentTransport transport)
{
    public const string ExecutionKey = "UpstreamExecutionId";
    public const string DigestKey = "ArtifactDigest";

    public async Task<JobResult> RunAsync(Job job, LogChunker log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var pipeline = job.Configuration.GetValueOrDefault("Pipeline") ?? "";
        if (job.Outputs.Count != 1)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"the Upstream provider produces exactly one output artifact; this action declares {job.Outputs.Count}");
        if (!job.Configuration.TryGetValue(DigestKey, out var text) || !Digest.TryParse(text, out var digest))
            throw new JobFailureException(ErrorKind.ConfigurationError,
                $"no upstream artifact was given: this action takes its artifact from an execution of pipeline '{pipeline}' that succeeded " +
                "(an 'upstream' trigger starts this pipeline with it), and none has succeeded yet");
        var missing = await TransferGuard.RunAsync("the upstream artifact", () => transport.FindMissingAsync([digest], cancellationToken));
        if (missing.Count > 0)
            throw new JobFailureException(ErrorKind.ArtifactError, $"the upstream artifact {digest} is no longer in the content store");
        var execution = job.Configuration.GetValueOrDefault(ExecutionKey) ?? "";
        log.WriteLine($"[farm] upstream: artifact '{job.Configuration.GetValueOrDefault("Artifact") ?? job.Outputs[0].Name}' {digest} of {pipeline} execution {execution}");
        return new JobResult
        {
            Succeeded = true,
            Outputs = new Dictionary<string, Digest> { [job.Outputs[0].Name] = digest },
            OutputVariables = new Dictionary<string, string> { ["UpstreamPipeline"] = pipeline, ["UpstreamExecutionId"] = execution },
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }
}
