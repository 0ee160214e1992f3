using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class AgentsListCommand
{
    public static Command Create(CliContext context)
    {
        var output = CommonOptions.Output();
        var command = new Command("list", "List the agents the farm knows") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Agents.ListAgentsAsync(new ListAgentsRequest(), cancellationToken: cancellationToken);
            context.Print(parse, output, response, AgentView.List);
            return 0;
        });
        return command;
    }
}
