using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Content;
using BuildFarm.Core.Reports;
using Digest = BuildFarm.Core.Content.Digest;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;
using JobResult = BuildFarm.Core.Executions.JobResult;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// The Buildspec provider: materialize the inputs (the primary source into the source directory), read and check
/// the buildspec, restore the cache, run the phases, then always collect reports and attempt the artifacts, read
/// the exported variables, and save the cache after a successful build. A buildspec with a <c>batch</c> runs no phases
/// here: the job answers the batch's builds, and each build comes back as a job of its own (<see cref="Job.BatchBuild"/>),
/// which runs its buildspec (or the one it names) with its variables.
/// </summary>
internal sealed class BuildspecJob(AgentOptions options, BlobCache cache, ArtifactDownloader downloader, ArtifactUploader uploader,
    IBuildContextSource? context)
{
    public async Task<JobResult> RunAsync(Job job, JobWorkspace workspace, LogChunker log, CancellationToken cancellationToken)
    {
        if (context is null || job.Lease is null)
            throw new JobFailureException(ErrorKind.ConfigurationError, "this agent cannot run Buildspec jobs: it has no farm connection for the build context");
        var configuration = new Dictionary<string, string>(job.Configuration);
        var inputNames = job.Inputs.Select(i => i.Name).ToList();
        var primary = BuildspecConfiguration.Primary(configuration, inputNames)
            ?? throw new JobFailureException(ErrorKind.ConfigurationError,
                $"configuration '{BuildspecConfiguration.PrimarySource}' names no input artifact of this action ({string.Join(", ", inputNames)})");

        var secondary = new Dictionary<string, string>(StringComparer.Ordinal);
        var environmentInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = job.Inputs.Select(input => (input, input.Name == primary ? workspace.Source : workspace.Input(InputDownload.CheckedName(input.Name)))).ToList();
        var trees = await InputDownload.RunAllAsync(downloader, cache, inputs, workspace.Links, log, cancellationToken);
        Digest primaryTree = default;
        for (var i = 0; i < inputs.Count; i++)
        {
            var (input, directory) = inputs[i];
            environmentInputs[JobEnvironment.InputVariable(input.Name)] = directory;
            if (input.Name == primary) primaryTree = trees[i];
            else secondary[input.Name] = directory;
        }

        var batchBuild = job.BatchBuild?.ToCore();
        var (buildspec, source) = batchBuild?.Buildspec is { } own
            ? Load(own, $"batch build '{batchBuild.Identifier}': ", primary, workspace)
            : Load(configuration, primary, workspace);
        if (batchBuild is null && buildspec.Batch is { } batch)
            return BatchPlanning.Plan(batch, source, job.Outputs.Select(o => o.Name).ToList(), relative => Load(relative, "", primary, workspace).Buildspec, log);
        var outputs = BuildspecOutputs.Map(buildspec, job.Outputs.Select(o => o.Name).ToList());
        if (outputs.Problems.Count > 0)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"{source}: {string.Join("; ", outputs.Problems)}");
        var (actionVariables, variableProblems) = BuildspecConfiguration.ParseEnvironmentVariables(configuration.GetValueOrDefault(BuildspecConfiguration.EnvironmentVariables));
        if (variableProblems.Count > 0)
            throw new JobFailureException(ErrorKind.ConfigurationError, $"configuration '{BuildspecConfiguration.EnvironmentVariables}': {string.Join("; ", variableProblems)}");
        var secretVariables = SecretVariables.Resolve(job, configuration, buildspec, source, log);
        log.WriteLine($"[farm] buildspec: {source}");

        var build = await TransferGuard.RunAsync("build context", () => context.GetAsync(job.Lease, primary, cancellationToken));
        var startedAt = DateTimeOffset.UtcNow;
        var home = Path.Combine(workspace.Root, "home");
        Directory.CreateDirectory(home);
        var environment = BuildspecEnvironment.For(job, workspace, buildspec, actionVariables, build, build.SourceRevision ?? primaryTree.Hash,
            secondary, home, startedAt, secretVariables);
        foreach (var (name, value) in environmentInputs) environment[name] = value;
        if (batchBuild is not null) BuildspecEnvironment.ApplyBatchBuild(environment, batchBuild);
        var farm = workspace.MakeFarm();
        await BuildspecTools.InstallAsync(Path.Combine(farm, "bin"), environment, cancellationToken);

        var cacheStep = new BuildCacheStep(cache, downloader, uploader, context);
        if (buildspec.CachePaths.Count > 0)
            await cacheStep.RestoreAsync(build, workspace.Source, home, Path.Combine(farm, "cache"), log, cancellationToken);

        var shell = new CommandShell(Path.Combine(farm, "shell"), buildspec.Env.Shell);
        var timeout = job.Timeout?.ToTimeSpan() is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromDays(1);
        var phases = await new PhaseRunner(shell, environment, workspace.Source, log, startedAt + timeout, options.CancelGracePeriod)
            .RunAsync(buildspec.Phases, cancellationToken);

        var reports = await new ReportCollector(uploader).CollectAsync(buildspec.Reports, workspace.Source, Path.Combine(farm, "reports"), log, cancellationToken);
        var ended = new JobResult { Succeeded = false, StartedAt = startedAt, Reports = reports };
        if (phases.Failure is { TimedOut: true } timedOut)
            return ended with { ErrorKind = ErrorKind.Timeout, Message = timedOut.Describe() };

        Dictionary<string, Digest> uploaded;
        try
        {
            uploaded = await UploadArtifactsAsync(outputs.Mapping, workspace.Source, log, cancellationToken);
        }
        catch (JobFailureException e)
        {
            if (phases.Succeeded) return ended with { ErrorKind = e.Kind, Message = e.Message, FinishedAt = DateTimeOffset.UtcNow };
            log.WriteLine($"[farm] artifacts: {e.Message}");
            uploaded = [];
        }
        if (phases.Failure is { } failure)
            return ended with { ErrorKind = ErrorKind.CommandFailed, ExitCode = failure.ExitCode, Message = failure.Describe(), FinishedAt = DateTimeOffset.UtcNow };

        var variables = await ExportedVariables.ReadAsync(shell, environment, buildspec.Env.ExportedVariables, workspace, log, cancellationToken);
        if (buildspec.CachePaths.Count > 0)
            await cacheStep.SaveAsync(job.Lease, build, buildspec.CachePaths, workspace.Source, home, log, cancellationToken);
        return ended with
        {
            Succeeded = true,
            ExitCode = 0,
            Outputs = uploaded,
            OutputVariables = variables,
            FinishedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The buildspec inline in the configuration, or from its file in the primary source; every problem fails the job with its path.</summary>
    private static (BuildspecDefinition Buildspec, string Source) Load(Dictionary<string, string> configuration, string primary, JobWorkspace workspace)
    {
        if (BuildspecConfiguration.FilePath(configuration) is { } relative)
        {
            if (TreePath.Check(relative) is { } problem)
                throw new JobFailureException(ErrorKind.ConfigurationError, $"configuration '{BuildspecConfiguration.BuildSpec}': {problem}; give a path inside the primary source '{primary}'");
            return Load(relative, "", primary, workspace);
        }
        return Parse(configuration[BuildspecConfiguration.BuildSpec], $"configuration '{BuildspecConfiguration.BuildSpec}' (inline)");
    }

    /// <summary>A buildspec a batch build names: inline YAML, or a file of the primary source.</summary>
    private static (BuildspecDefinition Buildspec, string Source) Load(string buildspec, string prefix, string primary, JobWorkspace workspace)
    {
        if (BuildspecConfiguration.IsInline(buildspec)) return Parse(buildspec, $"{prefix}inline buildspec");
        var file = Path.Combine(workspace.Source, buildspec);
        if (!File.Exists(file))
            throw new JobFailureException(ErrorKind.ConfigurationError,
                $"{prefix}buildspec file '{buildspec}' is not in the primary source '{primary}'; add it, or set configuration '{BuildspecConfiguration.BuildSpec}' to its path or to inline YAML");
        return Parse(File.ReadAllText(file), prefix + buildspec);
    }

    private static (BuildspecDefinition Buildspec, string Source) Parse(string text, string source)
    {
        var parsed = BuildspecParser.Parse(text);
        if (!parsed.IsValid) throw new JobFailureException(ErrorKind.ConfigurationError, $"{source}: {parsed.Describe()}");
        return (parsed.Buildspec!, source);
    }

    /// <summary>Each artifact section into its output artifact; attempted even after a failed build (UPLOAD_ARTIFACTS is always attempted).</summary>
    private async Task<Dictionary<string, Digest>> UploadArtifactsAsync(IReadOnlyList<(string Output, ArtifactSection Section)> mapping, string source,
        LogChunker log, CancellationToken cancellationToken)
    {
        var uploaded = new Dictionary<string, Digest>(StringComparer.Ordinal);
        foreach (var (output, section) in mapping)
        {
            var files = SectionFiles.Select(source, section.Path, section.BaseDirectory, section.Files, section.ExcludePaths, section.DiscardPaths);
            if (files.Count == 0)
                throw new JobFailureException(ErrorKind.ConfigurationError,
                    $"{section.Path}: no file matches {string.Join(", ", section.Files.Select(f => $"'{f}'"))}" +
                    (section.BaseDirectory is null ? "" : $" in base-directory '{section.BaseDirectory}'"));
            uploaded[output] = await OutputUpload.RunAsync(uploader, output, files, log, cancellationToken);
        }
        return uploaded;
    }
}
