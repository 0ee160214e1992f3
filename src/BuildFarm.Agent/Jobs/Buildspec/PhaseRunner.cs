using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Processes;
using BuildFarm.Core.Buildspec;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// Runs the four phases in order. Within a phase, commands run one after another and stop at the first failure;
/// <c>finally</c> runs even then, and the phase fails if a command of either block failed. After a failed phase,
/// on-failure CONTINUE goes on with the next phase; ABORT (the default) follows CodeBuild's transitions: a failed
/// install or pre_build ends the build, a failed build still runs post_build, a failed post_build ends the build.
/// CODEBUILD_BUILD_SUCCEEDING turns 0 at the first failing command, for the commands that still run (finally included).
/// </summary>
internal sealed class PhaseRunner(CommandShell shell, Dictionary<string, string> environment, string startDirectory, LogChunker log,
    DateTimeOffset deadline, TimeSpan gracePeriod)
{
    public const string SucceedingVariable = "CODEBUILD_BUILD_SUCCEEDING";

    public async Task<PhasesOutcome> RunAsync(IReadOnlyList<BuildspecPhase> phases, CancellationToken cancellationToken)
    {
        environment[SucceedingVariable] = "1";
        PhaseFailure? first = null;
        var stopAfter = false;
        var onlyPostBuild = false;
        foreach (var phase in phases)
        {
            if (stopAfter || (onlyPostBuild && phase.Name != BuildspecPhase.PostBuild))
            {
                if (phase.Commands.Count + phase.Finally.Count > 0) log.WriteLine($"[farm] phase {Title(phase)} skipped: an earlier phase failed");
                continue;
            }
            onlyPostBuild = false;
            if (phase.Commands.Count + phase.Finally.Count == 0) continue;
            log.WriteLine($"[farm] phase {Title(phase)}");
            var failure = await RunBlockAsync(phase, phase.Commands, cancellationToken);
            if (failure is { TimedOut: true }) return new PhasesOutcome(failure);
            if (failure is not null) environment[SucceedingVariable] = "0";
            var finallyFailure = await RunBlockAsync(phase, phase.Finally, cancellationToken);
            if (finallyFailure is { TimedOut: true }) return new PhasesOutcome(finallyFailure);
            failure ??= finallyFailure;
            log.WriteLine($"[farm] phase {Title(phase)} {(failure is null ? "succeeded" : "FAILED")}");
            if (failure is null) continue;

            first ??= failure;
            environment[SucceedingVariable] = "0";
            if (phase.OnFailure == OnFailure.Continue) continue;
            if (phase.Name == BuildspecPhase.Build) onlyPostBuild = true;
            else stopAfter = true;
        }
        return new PhasesOutcome(first);
    }

    private async Task<PhaseFailure?> RunBlockAsync(BuildspecPhase phase, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        foreach (var command in commands)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero) return new PhaseFailure(phase.Name, command, null, TimedOut: true);
            log.WriteLine($"[farm] running: {FirstLine(command)}");
            var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var (name, value) in shell.Prepare(command)) variables[name] = value;
            var outcome = await ProcessRunner.RunAsync(new ProcessSpec
            {
                FileName = shell.Program,
                Arguments = [shell.WrapperFile],
                WorkingDirectory = shell.LastDirectory() ?? startDirectory,
                Environment = variables,
                Timeout = remaining,
                GracePeriod = gracePeriod,
            }, log.Write, cancellationToken);
            switch (outcome.End)
            {
                case ProcessEnd.Cancelled:
                    throw new OperationCanceledException(cancellationToken);
                case ProcessEnd.TimedOut:
                    return new PhaseFailure(phase.Name, command, null, TimedOut: true);
                case ProcessEnd.Exited when outcome.ExitCode != 0:
                    log.WriteLine($"[farm] command failed with exit code {outcome.ExitCode}: {FirstLine(command)}");
                    return new PhaseFailure(phase.Name, command, outcome.ExitCode, TimedOut: false);
            }
        }
        return null;
    }

    private static string Title(BuildspecPhase phase) => phase.Name.ToUpperInvariant();

    public static string FirstLine(string command)
    {
        var line = command.Trim().Split('\n')[0];
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}

/// <summary>The first failure of the build, or none.</summary>
internal sealed record PhasesOutcome(PhaseFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

internal sealed record PhaseFailure(string Phase, string Command, int? ExitCode, bool TimedOut)
{
    public string Describe() => TimedOut
        ? $"phase {Phase.ToUpperInvariant()}: the job's timeout ran out during '{PhaseRunner.FirstLine(Command)}'"
        : $"phase {Phase.ToUpperInvariant()} failed: '{PhaseRunner.FirstLine(Command)}' exited with code {ExitCode}";
}
