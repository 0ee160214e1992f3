using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class ExecutionsShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var output = CommonOptions.Output();
        var command = new Command("show", "Show an execution: stages, actions, attempts (json adds the resolved configuration)") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var execution = await client.Executions.GetExecutionAsync(new GetExecutionRequest { ExecutionId = parse.GetValue(id)! }, cancellationToken: cancellationToken);
            context.Print(parse, output, execution, (terminal, e) =>
            {
                ExecutionView.Show(terminal, e);
                TestsView.Summary(terminal, e);
                ExecutionHistoryView.Details(terminal, e);
            });
            return 0;
        });
        return command;
    }
}
