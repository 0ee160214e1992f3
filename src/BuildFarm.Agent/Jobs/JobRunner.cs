using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>
/// Runs one job in an empty workspace (emptied afterwards) and says in its log what happened. Cancellation
/// propagates (the caller drops the result); every other failure becomes a result with its kind and message.
/// </summary>
internal sealed class JobRunner
{
    private readonly AgentOptions options;
    private readonly CommandsJob commands;
    private readonly FolderJob folder;
    private readonly Buildspec.BuildspecJob buildspec;
    private readonly GitJob git;
    private readonly UpstreamJob upstream;
    private readonly BlobCache cache;
    private readonly JobWorkspaces workspaces;

    public JobRunner(AgentOptions options, IContentTransport transport, BlobCache cache, Buildspec.IBuildContextSource? buildContext = null)
    {
        this.options = options;
        this.cache = cache;
        workspaces = new JobWorkspaces(Path.Combine(Path.GetFullPath(options.WorkDirectory), "jobs"), options.LinkInputs);
        var uploader = new ArtifactUploader(transport, cache);
        commands = new CommandsJob(options, cache, new ArtifactDownloader(transport, cache), uploader);
        folder = new FolderJob(uploader);
        buildspec = new Buildspec.BuildspecJob(options, cache, new ArtifactDownloader(transport, cache), uploader, buildContext);
        git = new GitJob(uploader);
        upstream = new UpstreamJob(transport);
    }

    public async Task<JobResult> RunAsync(Job job, LogChunker log, CancellationToken cancellationToken)
    {
        var (result, workspace) = await RunLeavingWorkspaceAsync(job, log, cancellationToken);
        EmptyWorkspace(workspace, log.WriteLine);
        return result;
    }

    /// <summary>
    /// Runs the job and leaves its workspace (when the job ended with a result) for the caller to empty, so that a
    /// result need not wait for the deletion of everything the job produced. On cancellation it is emptied here.
    /// </summary>
    public async Task<(JobResult Result, JobWorkspace? Workspace)> RunLeavingWorkspaceAsync(Job job, LogChunker log, CancellationToken cancellationToken)
    {
        foreach (var value in job.Secrets.Values) log.Mask(value);
        log.WriteLine($"[farm] agent {options.Name} running {job.Stage}/{job.Action} attempt {job.Attempt}" +
                      (job.BatchBuild is { } build ? $", batch build {build.Identifier}" : ""));
        var startedAt = DateTimeOffset.UtcNow;
        JobWorkspace? workspace = null;
        JobResult result;
        try
        {
            workspace = workspaces.Take();
            if (job.Provider == ProviderCatalog.Commands.Name) result = await commands.RunAsync(job, workspace, log, cancellationToken);
            else if (job.Provider == ProviderCatalog.Folder.Name) result = await folder.RunAsync(job, log, cancellationToken);
            else if (job.Provider == ProviderCatalog.Buildspec.Name) result = await buildspec.RunAsync(job, workspace, log, cancellationToken);
            else if (job.Provider == ProviderCatalog.Git.Name) result = await git.RunAsync(job, workspace, log, cancellationToken);
            else if (job.Provider == ProviderCatalog.Upstream.Name) result = await upstream.RunAsync(job, log, cancellationToken);
            else if (job.Provider == ProviderCatalog.CommitStatus.Name) result = await CommitStatusJob.RunAsync(job, log, cancellationToken);
            else
                throw new JobFailureException(ErrorKind.ConfigurationError,
                    $"this agent has no provider '{job.Provider}' (it runs {string.Join(", ", ProviderCatalog.All.Select(p => p.Name))})");
        }
        catch (JobFailureException e)
        {
            result = JobResult.Failure(e.Kind, e.Message) with { ExitCode = e.ExitCode };
        }
        catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && !cancellationToken.IsCancellationRequested)
        {
            result = JobResult.Failure(ErrorKind.WorkspaceError, $"workspace {workspace?.Root ?? options.WorkDirectory}: {e.Message}");
        }
        catch
        {
            EmptyWorkspace(workspace, log.WriteLine);
            throw;
        }

        log.WriteLine(result.Succeeded ? "[farm] succeeded" : $"[farm] failed: {result.Message}");
        // The message and output variables are kept in the execution's state, where a secret must never be in clear.
        return (result with
        {
            Message = result.Message is { } message ? log.Masked(message) : null,
            OutputVariables = result.OutputVariables.ToDictionary(v => v.Key, v => log.Masked(v.Value)),
            StartedAt = result.StartedAt ?? startedAt,
            FinishedAt = result.FinishedAt ?? DateTimeOffset.UtcNow,
        }, workspace);
    }

    /// <summary>
    /// Empties a finished job's workspace for the next job, after dropping from the agent's cache any linked input the
    /// job changed in place; a failure is said where <paramref name="say"/> writes, never thrown.
    /// </summary>
    public void EmptyWorkspace(JobWorkspace? workspace, Action<string> say)
    {
        if (workspace is null) return;
        try
        {
            if (workspace.Links is { Count: > 0 } links)
                foreach (var path in links.DropChanged(cache))
                    say($"[farm] input file {Path.GetRelativePath(workspace.Root, path)} was changed in place; its blob is dropped from the agent's cache");
            workspaces.Return(workspace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            say($"[farm] could not empty the workspace {workspace.Root}: {e.Message}");
        }
    }
}
