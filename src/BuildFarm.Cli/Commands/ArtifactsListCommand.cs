using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class ArtifactsListCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var output = CommonOptions.Output();
        var command = new Command("list", "List the artifacts an execution has produced") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Executions.ListArtifactsAsync(new ListArtifactsRequest { ExecutionId = parse.GetValue(id)! }, cancellationToken: cancellationToken);
            context.Print(parse, output, response, ArtifactView.List);
            return 0;
        });
        return command;
    }
}
