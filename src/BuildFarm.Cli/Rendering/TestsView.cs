using BuildFarm.Api.V1;
using BuildFarm.Core.Reports;

namespace BuildFarm.Cli.Rendering;

/// <summary>Test reports: a per-action summary for `executions show`, and the cases for `farm tests`.</summary>
public static class TestsView
{
    /// <summary>One line per report group of each action's newest attempt; nothing when no action has reports.</summary>
    public static void Summary(Terminal terminal, Execution execution)
    {
        var rows = (from stage in execution.Stages
                    from action in stage.Actions
                    let attempt = action.Attempts.LastOrDefault()
                    where attempt is not null
                    from report in attempt.Reports
                    select (Action: $"{stage.Name}/{action.Name}", Report: report)).ToList();
        if (rows.Count == 0) return;
        terminal.Line();
        var table = Tables.Create("Tests", "Report", "Format", "Total", "Passed", "Failed", "Errors", "Skipped");
        foreach (var (action, report) in rows)
            table.MarkupRow(
                Terminal.Escape(action), Terminal.Escape(report.Group), Terminal.Escape(report.Format),
                Count(report.Total), Count(report.Passed),
                report.Failed > 0 ? $"[red]{report.Failed}[/]" : Count(report.Failed),
                report.Errors > 0 ? $"[red]{report.Errors}[/]" : Count(report.Errors),
                Count(report.Skipped));
        terminal.Write(table);
    }

    public static void Cases(Terminal terminal, string action, int attempt, TestReport report, bool failedOnly)
    {
        terminal.Markup($"[bold]{Terminal.Escape($"{action} (attempt {attempt}) report '{report.Group}' ({report.Format}): {report.Counts()}")}[/]");
        var cases = report.Cases.Where(c => !failedOnly || c.Status is TestStatus.Failed or TestStatus.Error).ToList();
        if (cases.Count == 0)
        {
            terminal.Line(failedOnly ? "no failed tests" : "no tests");
            terminal.Line();
            return;
        }
        var table = Tables.Create("Status", "Suite", "Test", "Duration", "Message");
        foreach (var c in cases)
            table.MarkupRow(
                c.Status is TestStatus.Failed or TestStatus.Error ? $"[red]{c.Status}[/]" : c.Status == TestStatus.Passed ? $"[green]{c.Status}[/]" : $"[grey]{c.Status}[/]",
                Terminal.Escape(c.Suite), Terminal.Escape(c.Name), Terminal.Escape(Durations.Format(c.Duration)),
                Terminal.Escape(FirstLine(c.Message)));
        terminal.Write(table);
        terminal.Line();
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string FirstLine(string? message)
    {
        if (string.IsNullOrEmpty(message)) return "";
        var line = message.Split('\n')[0].Trim();
        return line.Length > 160 ? line[..160] + "..." : line;
    }
}
