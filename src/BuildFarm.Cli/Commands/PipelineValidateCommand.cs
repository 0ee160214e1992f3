using System.CommandLine;
using BuildFarm.Cli.Local;

namespace BuildFarm.Cli.Commands;

public static class PipelineValidateCommand
{
    public static Option<string> FileOption() => new("--file", "-f")
    {
        Description = "The pipeline file (.yaml, .yml or .json)",
        HelpName = "FILE",
        Required = true,
    };

    public static Command Create(CliContext context)
    {
        var file = FileOption();
        var command = new Command("validate", "Check a pipeline file on this machine (no server needed); exit 1 when it has problems") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var loaded = PipelineFile.Load(path);
            loaded.PrintProblems(context.Terminal, toError: false);
            if (loaded.IsValid)
            {
                context.Terminal.Line($"{path}: valid ({PipelineFile.Plural(loaded.Definition!.Stages.Count, "stage")}, {PipelineFile.Plural(loaded.ActionCount, "action")})");
                return 0;
            }
            if (loaded.Problems.Count == 0) context.Terminal.Line($"{path}: could not be read as a pipeline");
            return 1;
        });
        return command;
    }
}
