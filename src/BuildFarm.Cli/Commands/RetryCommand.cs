using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Commands;

public static class RetryCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var stage = new Argument<string>("stage") { Description = "The failed stage" };
        var mode = new Option<string>("--mode")
        {
            Description = "failed-actions: run the failed actions again; all-actions: run every action of the stage again",
            DefaultValueFactory = _ => "failed-actions",
            HelpName = "failed-actions|all-actions",
        }.AcceptOnlyFromAmong("failed-actions", "all-actions");
        var wait = new Option<bool>("--wait") { Description = "Follow the execution to its end; exit 0 only when it succeeds" };
        var command = new Command("retry", "Run a failed stage of a failed execution again, with the same artifacts") { id, stage, mode, wait };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var executionId = parse.GetValue(id)!;
            var retryMode = parse.GetValue(mode) == "all-actions" ? "ALL_ACTIONS" : "FAILED_ACTIONS";
            await client.Executions.RetryStageAsync(new RetryStageRequest { ExecutionId = executionId, Stage = parse.GetValue(stage)!, RetryMode = retryMode },
                cancellationToken: cancellationToken);
            context.Terminal.Line($"execution {executionId}: stage {parse.GetValue(stage)} runs again ({retryMode})");
            if (!parse.GetValue(wait)) return 0;
            var ended = await new ExecutionWatcher(client, context.Terminal, context.Clock).WatchAsync(executionId, cancellationToken);
            return WatchCommand.ExitCode(ended);
        });
        return command;
    }
}
