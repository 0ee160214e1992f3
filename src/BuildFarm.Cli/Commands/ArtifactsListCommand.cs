using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class ArtifactsListCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("execution") { Description = "The execution id" };
        var output = CommonOptions.Output();
        var command = new Command("list", "List the artifacts an execution has produced") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Executions.ListArtifactsAsync(new ListArtifactsRequest { ExecutionId = parse.GetValue(id)! }, cancellationToken: cancellationToken);
            if (parse.GetValue(output) == CommonOptions.Json) JsonOutput.Print(context.Terminal, response);
            else ArtifactView.List(context.Terminal, response);
            return 0;
        });
        return command;
    }
}
