using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Processes;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>env.exported-variables: read from the shell state the last command left, as the action's output variables.</summary>
internal static class ExportedVariables
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(CommandShell shell, Dictionary<string, string> environment,
        IReadOnlyList<string> names, JobWorkspace workspace, LogChunker log, CancellationToken cancellationToken)
    {
        if (names.Count == 0) return new Dictionary<string, string>();
        // The names were checked as shell names when the buildspec was read.
        var script = string.Concat(names.Select(n => $"printf '%s=%s\\000' {n} \"${{{n}-}}\" >> \"${ScriptBuilder.VariablesFileVariable}\"\n"));
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in shell.Prepare(script)) variables[name] = value;
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = shell.Program,
            Arguments = [shell.WrapperFile],
            WorkingDirectory = workspace.Source,
            Environment = variables,
            Timeout = TimeSpan.FromMinutes(1),
        }, log.Write, cancellationToken);
        if (outcome.End == ProcessEnd.Cancelled) throw new OperationCanceledException(cancellationToken);
        var values = OutputVariablesFile.Read(workspace.VariablesFile);
        log.WriteLine($"[farm] exported variables: {string.Join(", ", names)}");
        return values;
    }
}
