using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class ExecutionsShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("execution") { Description = "The execution id" };
        var output = CommonOptions.Output();
        var command = new Command("show", "Show an execution: stages, actions, attempts (json adds the resolved configuration)") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var execution = await client.Executions.GetExecutionAsync(new GetExecutionRequest { ExecutionId = parse.GetValue(id)! }, cancellationToken: cancellationToken);
            if (parse.GetValue(output) == CommonOptions.Json) JsonOutput.Print(context.Terminal, execution);
            else ExecutionView.Show(context.Terminal, execution);
            return 0;
        });
        return command;
    }
}
