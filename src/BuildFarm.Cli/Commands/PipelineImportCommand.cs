using System.CommandLine;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Import;

namespace BuildFarm.Cli.Commands;

/// <summary><c>farm pipeline import FILE</c>: a CodePipeline declaration to ours, on this machine, with a report of what did not carry over.</summary>
public static class PipelineImportCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A CodePipeline declaration: the JSON `aws codepipeline get-pipeline` prints" };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the pipeline (YAML, or JSON for .json); default: standard output", HelpName = "FILE" };
        var allow = new Option<bool>("--allow-unsupported")
        {
            Description = "Write the pipeline and exit 0 even when something had no local equivalent (stand-ins take its place)",
        };
        var command = new Command("import", "Turn a CodePipeline declaration into a pipeline file; every provider or field that does not carry over is reported")
        {
            file, output, allow,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new CliException($"{path}: no such file");
            var result = CodePipelineImporter.Import(File.ReadAllText(path));
            foreach (var note in result.Notes.OrderBy(n => n.Severity))
                context.Terminal.ErrorMarkup($"{Label(note.Severity)} {Rendering.Terminal.Escape(note.ToString())}");
            foreach (var problem in result.Problems)
                context.Terminal.ErrorMarkup($"[red]invalid:[/] {Rendering.Terminal.Escape(problem.ToString())}");
            if (result.Definition is null) throw new CliException($"{path} could not be imported");
            var unsupported = result.Notes.Count(n => n.Severity == ImportSeverity.Unsupported);
            if ((unsupported > 0 && !parse.GetValue(allow)) || result.Problems.Count > 0)
            {
                context.Terminal.ErrorMarkup(unsupported > 0 && !parse.GetValue(allow)
                    ? $"[red]{unsupported} unsupported item(s)[/]: nothing written; adapt them, or write the pipeline with stand-ins using --allow-unsupported"
                    : $"[red]the imported pipeline has {result.Problems.Count} problem(s)[/]: nothing written");
                return ErrorReporter.Failure;
            }
            var destination = parse.GetValue(output);
            var text = destination is not null && destination.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? DefinitionCodec.ToJson(result.Definition)
                : DefinitionCodec.ToYaml(result.Definition);
            if (destination is null) context.Terminal.OutputWriter.Write(text);
            else
            {
                File.WriteAllText(destination, text);
                context.Terminal.ErrorMarkup($"[green]wrote[/] {Rendering.Terminal.Escape(destination)} " +
                                             $"({result.Definition.Stages.Count} stages, {result.Definition.Stages.Sum(s => s.Actions.Count)} actions; " +
                                             $"{unsupported} unsupported, {result.Notes.Count(n => n.Severity == ImportSeverity.Changed)} changed, " +
                                             $"{result.Notes.Count(n => n.Severity == ImportSeverity.Ignored)} ignored)");
            }
            return 0;
        });
        return command;
    }

    private static string Label(ImportSeverity severity) => severity switch
    {
        ImportSeverity.Unsupported => "[red]unsupported:[/]",
        ImportSeverity.Changed => "[yellow]changed:[/]",
        _ => "[grey]ignored:[/]",
    };
}
