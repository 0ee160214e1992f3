using System.Globalization;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class ExecutionView
{
    public static void List(Terminal terminal, ListExecutionsResponse response)
    {
        var table = Tables.Create("Execution", "Pipeline", "Version", "Type", "Status", "Trigger", "Created", "Duration", "Summary");
        foreach (var e in response.Executions)
            table.MarkupRow(
                Terminal.Escape(e.ExecutionId),
                Terminal.Escape(e.Pipeline),
                e.PipelineVersion.ToString(CultureInfo.InvariantCulture),
                Terminal.Escape(e.Type.Length > 0 ? e.Type : "Standard"),
                StatusStyle.Markup(e.Status),
                Terminal.Escape(e.TriggerInfo is { } info ? info.Type : e.Trigger),
                Terminal.Escape(Durations.Time(e.CreatedAt)),
                Terminal.Escape(Durations.Between(e.CreatedAt, e.FinishedAt)),
                Terminal.Escape(e.StatusSummary));
        terminal.Write(table);
    }

    public static void Show(Terminal terminal, Execution execution)
    {
        var fields = new List<(string, string)>
        {
            ("Execution", Terminal.Escape(execution.ExecutionId)),
            ("Pipeline", Terminal.Escape($"{execution.Pipeline} (version {execution.PipelineVersion})")),
            ("Status", StatusStyle.Markup(execution.Status) + (execution.StatusSummary.Length > 0 ? ": " + Terminal.Escape(execution.StatusSummary) : "")),
            ("Trigger", Terminal.Escape(execution.TriggerInfo is { } info ? $"{info.Type}: {info.Detail}" : execution.Trigger)),
            ("Created", Terminal.Escape(Durations.Time(execution.CreatedAt))),
            ("Started", Terminal.Escape(Durations.Time(execution.StartedAt))),
            ("Finished", Terminal.Escape(Durations.Time(execution.FinishedAt))),
            ("Duration", Terminal.Escape(Durations.Between(execution.StartedAt ?? execution.CreatedAt, execution.FinishedAt))),
        };
        foreach (var source in execution.SourceRevisions)
            fields.Add(("Source", Terminal.Escape($"{source.ActionName}: {(source.RevisionId.Length > 0 ? source.RevisionId + "  " : "")}{source.Summary}")));
        foreach (var (name, value) in execution.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            fields.Add(("Variable", Terminal.Escape($"{name} = {value}")));
        terminal.Write(Tables.Fields(fields));
        terminal.Line();

        var table = Tables.Create("Stage/Action", "Attempt", "Agent", "Status", "Started", "Duration", "Exit", "Error");
        foreach (var stage in execution.Stages)
        {
            table.MarkupRow(Terminal.Escape(stage.Name), "", "", StatusStyle.Markup(stage.Status),
                Terminal.Escape(Durations.Time(stage.StartedAt)), Terminal.Escape(Durations.Between(stage.StartedAt, stage.FinishedAt)), "", "");
            foreach (var action in stage.Actions)
            {
                var name = Terminal.Escape($"{stage.Name}/{action.Name}");
                if (action.Attempts.Count == 0)
                    table.MarkupRow(name, "", "", StatusStyle.Markup(action.Status), "", "", "", "");
                foreach (var attempt in action.Attempts)
                    table.MarkupRow(
                        name,
                        attempt.Number.ToString(CultureInfo.InvariantCulture),
                        Terminal.Escape(AttemptExtrasView.Agent(attempt)),
                        StatusStyle.Markup(attempt.Status),
                        Terminal.Escape(Durations.Time(attempt.StartedAt)),
                        Terminal.Escape(Durations.Between(attempt.StartedAt, attempt.FinishedAt)),
                        attempt.HasExitCode ? attempt.ExitCode.ToString(CultureInfo.InvariantCulture) : "",
                        Terminal.Escape(attempt.WaitingFor.Length > 0 ? attempt.WaitingFor : Failure(attempt)));
            }
        }
        terminal.Write(table);
    }

    /// <summary>One row per action, for the end of `farm run`: how each ended, how long it took, where it ran.</summary>
    public static void Summary(Terminal terminal, Execution execution)
    {
        var table = Tables.Create("Stage/Action", "Status", "Duration", "Agent");
        foreach (var stage in execution.Stages)
            foreach (var action in stage.Actions)
            {
                var last = action.Attempts.LastOrDefault();
                table.MarkupRow(
                    Terminal.Escape($"{stage.Name}/{action.Name}"),
                    StatusStyle.Markup(action.Status),
                    Terminal.Escape(last is null ? "" : Durations.Between(last.StartedAt, last.FinishedAt)),
                    Terminal.Escape(last?.AgentName ?? ""));
            }
        terminal.Write(table);
    }

    /// <summary>Why an attempt failed: its error kind (unless the exit code says it all) and message.</summary>
    public static string Failure(ActionAttempt attempt)
    {
        var kind = attempt.ErrorKind is "" or "None" || (attempt.ErrorKind == "CommandFailed" && attempt.HasExitCode) ? "" : attempt.ErrorKind;
        return string.Join(": ", new[] { kind, attempt.Message }.Where(s => s.Length > 0));
    }
}
