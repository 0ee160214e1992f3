using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

public static class StopCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var abandon = new Option<bool>("--abandon")
        {
            Description = "Abandon running actions at once (their agents stop them: SIGTERM, then SIGKILL after a grace period); " +
                          "without it, running actions finish and nothing new starts",
        };
        var reason = new Option<string?>("--reason") { Description = "Why, for the history", HelpName = "TEXT" };
        var command = new Command("stop", "Stop an execution: stop and wait (default) or abandon") { id, abandon, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var request = new StopExecutionRequest { ExecutionId = parse.GetValue(id)!, Abandon = parse.GetValue(abandon), Reason = parse.GetValue(reason) ?? "" };
            var stopped = (await client.Executions.StopExecutionAsync(request, cancellationToken: cancellationToken)).Execution;
            context.Terminal.Line(stopped.Status == "Stopping"
                ? $"execution {stopped.ExecutionId}: Stopping (running actions finish; nothing new starts)"
                : $"execution {stopped.ExecutionId}: {stopped.Status}" + (stopped.StatusSummary.Length > 0 ? $" ({stopped.StatusSummary})" : ""));
            return 0;
        });
        return command;
    }
}
