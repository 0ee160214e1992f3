using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class PipelineStateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The pipeline" };
        var output = CommonOptions.Output();
        var command = new Command("state", "Per stage: its inbound transition, the execution inside, those waiting, pending approvals, last good executions")
        {
            name, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var state = await client.Pipelines.GetPipelineStateAsync(new GetPipelineStateRequest { Name = parse.GetValue(name)! }, cancellationToken: cancellationToken);
            context.Print(parse, output, state, PipelineStateView.Show);
            return 0;
        });
        return command;
    }
}
