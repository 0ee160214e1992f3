using System.Globalization;
using BuildFarm.Agent.Files;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Git;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// The Git provider: fetch the execution's commit (or the branch head for a manual start) into the workspace's
/// private repository, write its tree into <c>src/</c>, and upload that as the output artifact (content-addressed:
/// an unchanged tree sends nothing). Publishes the commit's details as output variables.
/// </summary>
internal sealed class GitJob(ArtifactUploader uploader)
{
    private const int MaxMessage = 4096;

    public async Task<JobResult> RunAsync(Job job, JobWorkspace workspace, LogChunker log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        if (job.Outputs.Count != 1)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"the Git provider produces exactly one output artifact; this action declares {job.Outputs.Count}");
        var url = job.Configuration.GetValueOrDefault(GitSource.Repository);
        if (string.IsNullOrWhiteSpace(url)) throw new JobFailureException(ErrorKind.ConfigurationError, "configuration 'Repository' is missing");
        var branch = job.Configuration.GetValueOrDefault(GitSource.Branch) is { Length: > 0 } b ? b : GitSource.DefaultBranch;
        var commit = job.Configuration.GetValueOrDefault(GitSource.Commit) is { Length: > 0 } c ? c : null;
        var reference = job.Configuration.GetValueOrDefault(GitSource.Ref) is { Length: > 0 } r ? r : null;

        var farm = workspace.MakeFarm();
        using var credentials = GitCredentials.For(url, JobSecrets.Get(job, GitSource.CredentialSecret), farm);
        var checkout = new GitCheckout(Path.Combine(farm, "repository.git"), credentials, line => log.WriteLine(credentials.Mask(line)));
        CommitInfo info;
        try
        {
            var resolved = await checkout.FetchAsync(url, commit, branch, reference, cancellationToken);
            await checkout.CheckoutAsync(resolved, workspace.Source, cancellationToken);
            info = await checkout.DescribeAsync(resolved, cancellationToken);
        }
        catch (GitException e)
        {
            throw new JobFailureException(ErrorKind.CommandFailed, e.Message);
        }
        log.WriteLine($"[farm] git: {info.CommitId[..7]} on {branch}: {info.Message.Split('\n')[0]}");

        var name = job.Outputs[0].Name;
        var tree = await OutputUpload.RunAsync(uploader, name, FileWalker.Walk(workspace.Source), log, cancellationToken);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CommitId"] = info.CommitId,
            ["ShortCommitId"] = info.CommitId[..7],
            ["BranchName"] = branch,
            ["AuthorName"] = info.AuthorName,
            ["AuthorEmail"] = info.AuthorEmail,
            ["CommitMessage"] = info.Message.Length > MaxMessage ? info.Message[..MaxMessage] : info.Message,
            ["CommittedTime"] = info.CommittedAt.ToString("O", CultureInfo.InvariantCulture),
            ["RepositoryUrl"] = GitCredentials.RedactUrl(url),
        };
        if (job.Configuration.GetValueOrDefault(GitSource.PullRequestId) is { Length: > 0 } pr) variables["PullRequestId"] = pr;
        return new JobResult
        {
            Succeeded = true,
            Outputs = new Dictionary<string, Digest> { [name] = tree },
            OutputVariables = variables,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }
}
