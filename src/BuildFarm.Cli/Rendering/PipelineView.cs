using System.Globalization;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class PipelineView
{
    public static void List(Terminal terminal, ListPipelinesResponse response)
    {
        var table = Tables.Create("Name", "Version", "Stages", "Actions", "Updated", "Last execution", "Status");
        foreach (var p in response.Pipelines)
            table.MarkupRow(
                Terminal.Escape(p.Name),
                Number(p.LatestVersion),
                Number(p.StageCount),
                Number(p.ActionCount),
                Terminal.Escape(Durations.Time(p.UpdatedAt)),
                Terminal.Escape(p.LastExecutionId),
                p.LastExecutionStatus.Length == 0 ? "" : StatusStyle.Markup(p.LastExecutionStatus));
        terminal.Write(table);
    }

    public static void Version(Terminal terminal, GetPipelineResponse response)
    {
        var version = response.Pipeline;
        var declaration = version.Declaration;
        var fields = new List<(string, string)>
        {
            ("Pipeline", Terminal.Escape(declaration.Name)),
            ("Version", $"{version.Version} (latest {response.LatestVersion})"),
            ("Applied", Terminal.Escape(Durations.Time(version.AppliedAt) + (version.AppliedBy.Length > 0 ? $" by {version.AppliedBy}" : ""))),
            ("Execution mode", ModeName(declaration.ExecutionMode)),
        };
        foreach (var v in declaration.Variables)
            fields.Add(("Variable", Terminal.Escape(v.Name + (v.HasDefaultValue ? $" = {v.DefaultValue}" : " (required)") +
                (v.Description.Length > 0 ? $"  # {v.Description}" : ""))));
        terminal.Write(Tables.Fields(fields));
        terminal.Line();

        var table = Tables.Create("Stage", "Action", "Category", "Provider", "Run order", "Inputs", "Outputs");
        foreach (var stage in declaration.Stages)
            foreach (var action in stage.Actions)
                table.Row(
                    stage.Name,
                    action.Name,
                    action.Category,
                    action.Provider,
                    Number(action.RunOrder == 0 ? 1 : action.RunOrder),
                    string.Join(", ", action.InputArtifacts),
                    string.Join(", ", action.OutputArtifacts.Select(o => o.Name)));
        terminal.Write(table);
    }

    private static string ModeName(ExecutionMode mode) => mode switch
    {
        ExecutionMode.Queued => "QUEUED",
        ExecutionMode.Parallel => "PARALLEL",
        _ => "SUPERSEDED",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
