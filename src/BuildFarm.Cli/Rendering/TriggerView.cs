using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class TriggerView
{
    /// <summary>One block per trigger: what it watches and how it stands, then what it started (newest first).</summary>
    public static void List(Terminal terminal, ListTriggersResponse response)
    {
        if (response.Triggers.Count == 0)
        {
            terminal.Line("the pipeline has no triggers (it starts only with 'farm start')");
            return;
        }
        foreach (var trigger in response.Triggers)
        {
            var fields = new List<(string, string)>
            {
                ("Trigger", Terminal.Escape($"{trigger.Source} ({trigger.Kind})")),
                ("Watches", Terminal.Escape(trigger.Watches)),
                ("Last check", Terminal.Escape(Durations.Time(trigger.LastCheckAt))),
            };
            if (trigger.NextAt is not null) fields.Add(("Next", Terminal.Escape(Durations.Time(trigger.NextAt))));
            if (trigger.LastResult.Length > 0) fields.Add(("Last result", Terminal.Escape(trigger.LastResult)));
            if (trigger.Problem.Length > 0) fields.Add(("Problem", $"[red]{Terminal.Escape(trigger.Problem)}[/]"));
            terminal.Write(Tables.Fields(fields));
            if (trigger.Started.Count > 0)
            {
                var table = Tables.Create("At", "Execution", "Detail");
                foreach (var started in trigger.Started)
                    table.MarkupRow(
                        Terminal.Escape(Durations.Time(started.At)),
                        started.Skipped.Length > 0 ? "[yellow]skipped[/]" : Terminal.Escape(started.ExecutionId),
                        Terminal.Escape(started.Skipped.Length > 0 ? $"{started.Detail}: {started.Skipped}" : started.Detail));
                terminal.Write(table);
            }
            terminal.Line();
        }
    }
}
