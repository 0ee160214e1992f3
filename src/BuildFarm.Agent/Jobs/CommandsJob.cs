using BuildFarm.Agent.Files;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Processes;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Content;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs;

/// <summary>The Commands provider: materialize inputs, run the script, collect outputs and output variables.</summary>
internal sealed class CommandsJob(AgentOptions options, BlobCache cache, ArtifactDownloader downloader, ArtifactUploader uploader)
{
    private readonly ScriptFiles scripts = new(Path.Combine(Path.GetFullPath(options.WorkDirectory), "scripts"));

    public async Task<JobResult> RunAsync(Job job, JobWorkspace workspace, LogChunker log, CancellationToken cancellationToken)
    {
        var environment = JobEnvironment.For(job, workspace);
        var inputs = job.Inputs.Select((input, i) => (input, i == 0 ? workspace.Source : workspace.Input(InputDownload.CheckedName(input.Name)))).ToList();
        await InputDownload.RunAllAsync(downloader, cache, inputs, workspace.Links, log, cancellationToken);
        foreach (var (input, directory) in inputs) environment[JobEnvironment.InputVariable(input.Name)] = directory;

        var workingDirectory = WorkingDirectory(job, workspace);
        // The script writes the declared output variables into .farm/; without any, the folder is not needed.
        if (job.OutputVariables.Count > 0) workspace.MakeFarm();
        var script = scripts.Write(ScriptBuilder.Build(job.Commands, job.OutputVariables));
        var shell = Shell(job);
        var timeout = job.Timeout?.ToTimeSpan();
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(new ProcessSpec
            {
                FileName = shell[0],
                Arguments = [.. shell[1..], script],
                WorkingDirectory = workingDirectory,
                Environment = environment,
                Timeout = timeout,
                GracePeriod = options.CancelGracePeriod,
            }, log.Write, cancellationToken);
        }
        finally
        {
            scripts.Return(script);
        }

        var ended = new JobResult { Succeeded = false, StartedAt = outcome.StartedAt, FinishedAt = outcome.FinishedAt };
        switch (outcome.End)
        {
            case ProcessEnd.Cancelled:
                throw new OperationCanceledException(cancellationToken);
            case ProcessEnd.TimedOut:
                return ended with { ErrorKind = ErrorKind.Timeout, Message = $"the job exceeded its timeout of {Units.Duration(timeout ?? TimeSpan.Zero)} and was stopped" };
            case ProcessEnd.Exited when outcome.ExitCode != 0:
                return ended with { ErrorKind = ErrorKind.CommandFailed, ExitCode = outcome.ExitCode, Message = $"command exited with code {outcome.ExitCode}" };
        }

        var outputs = await OutputUpload.RunAllAsync(uploader,
            job.Outputs.Select(o => (o.Name, OutputCollector.Collect(workingDirectory, o.Name, o.Files))).ToList(), log, cancellationToken);
        return ended with
        {
            Succeeded = true,
            ExitCode = 0,
            Outputs = outputs,
            OutputVariables = OutputVariablesFile.Read(workspace.VariablesFile),
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The checkout (src/), or the configured WorkingDirectory inside it.</summary>
    private static string WorkingDirectory(Job job, JobWorkspace workspace)
    {
        if (!job.Configuration.TryGetValue("WorkingDirectory", out var relative) || string.IsNullOrWhiteSpace(relative) || relative == ".")
            return workspace.Source;
        if (TreePath.Check(relative) is { } problem)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"configuration 'WorkingDirectory': {problem}; give a path relative to the first input artifact's root");
        // Materialized inputs hold no links, so nothing on this path can lead outside src/.
        var directory = Path.Combine(workspace.Source, relative);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string[] Shell(Job job) =>
        job.Configuration.TryGetValue("Shell", out var shell) && !string.IsNullOrWhiteSpace(shell)
            ? shell.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : ["bash"];
}
