using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class PipelineStateView
{
    public static void Show(Terminal terminal, PipelineState state)
    {
        terminal.Line($"{state.Name} (version {state.LatestVersion})");
        var table = Tables.Create("Stage", "Transition", "Inside", "Waiting", "Last succeeded");
        foreach (var stage in state.Stages)
            table.MarkupRow(
                Terminal.Escape(stage.Name),
                stage.InboundEnabled ? "[green]enabled[/]" : $"[darkorange]disabled[/] {Terminal.Escape($"by {stage.DisabledBy}: {stage.DisabledReason}")}",
                Terminal.Escape(string.Join(", ", stage.Occupants)),
                Terminal.Escape(string.Join(", ", stage.Waiting)),
                Terminal.Escape(string.Join(", ", stage.LastSucceeded.Take(3))));
        terminal.Write(table);
        foreach (var stage in state.Stages)
            foreach (var approval in stage.PendingApprovals)
                terminal.Line($"waiting for approval: {approval.ExecutionId} {stage.Name}/{approval.Action} until {Durations.Time(approval.Deadline)}" +
                              (approval.Summary.Length > 0 ? $": {approval.Summary}" : "") + (approval.Url.Length > 0 ? $" ({approval.Url})" : ""));
    }
}
