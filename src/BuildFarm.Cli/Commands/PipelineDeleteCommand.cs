using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

public static class PipelineDeleteCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The pipeline" };
        var command = new Command("delete", "Delete a pipeline's declaration (its executions stay readable)") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            await client.Pipelines.DeletePipelineAsync(new DeletePipelineRequest { Name = parse.GetValue(name)! }, cancellationToken: cancellationToken);
            context.Terminal.Line($"deleted {parse.GetValue(name)}");
            return 0;
        });
        return command;
    }
}
