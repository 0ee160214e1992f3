using System.CommandLine;
using BuildFarm.Cli.Local;

namespace BuildFarm.Cli.Commands;

public static class PipelineApplyCommand
{
    public static Command Create(CliContext context)
    {
        var file = PipelineValidateCommand.FileOption();
        var command = new Command("apply", "Validate a pipeline file, then store it on the farm as the pipeline's newest version") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = PipelineFile.LoadValid(parse.GetValue(file)!, context.Terminal);
            var request = loaded.ApplyRequest();
            using var client = context.Connect(parse);
            var applied = await client.Pipelines.ApplyPipelineAsync(request, cancellationToken: cancellationToken);
            context.Terminal.Line($"applied {applied.Name}: version {applied.Version} ({(applied.Changed ? "changed" : "unchanged")})");
            return 0;
        });
        return command;
    }
}
