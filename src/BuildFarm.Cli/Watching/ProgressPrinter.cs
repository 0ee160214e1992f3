using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Watching;

/// <summary>Progress as plain lines: <c>12:00:01  Build/Compile  InProgress  on agent-1</c>.</summary>
public static class ProgressPrinter
{
    public static string Format(ProgressEvent e) => $"{Durations.Clock(e.At)}  {e.Subject}  {e.Status}{e.Detail}";

    public static void Print(Terminal terminal, IEnumerable<ProgressEvent> events)
    {
        foreach (var e in events)
            terminal.Markup($"[grey]{Durations.Clock(e.At)}[/]  {Terminal.Escape(e.Subject)}  {StatusStyle.Markup(e.Status)}{Terminal.Escape(e.Detail)}");
    }
}
