using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class PipelineListCommand
{
    public static Command Create(CliContext context)
    {
        var output = CommonOptions.Output();
        var command = new Command("list", "List the farm's pipelines") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Pipelines.ListPipelinesAsync(new ListPipelinesRequest(), cancellationToken: cancellationToken);
            context.Print(parse, output, response, PipelineView.List);
            return 0;
        });
        return command;
    }
}
