using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class TriggersListCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline whose triggers to show" };
        var output = CommonOptions.Output();
        var command = new Command("list", "Show each trigger of a pipeline: what it watches, its last check, and what it started") { pipeline, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Triggers.ListTriggersAsync(new ListTriggersRequest { Pipeline = parse.GetValue(pipeline)! }, cancellationToken: cancellationToken);
            context.Print(parse, output, response, TriggerView.List);
            return 0;
        });
        return command;
    }
}
