using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Commands;

public static class RollbackCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline" };
        var stage = new Argument<string>("stage") { Description = "The stage to run again with an earlier execution's artifacts" };
        var to = new Option<string?>("--to") { Description = "The execution to roll back to (default: the last one that succeeded through the stage)", HelpName = "EXECUTION" };
        var wait = new Option<bool>("--wait") { Description = "Follow the rollback to its end; exit 0 only when it succeeds" };
        var command = new Command("rollback", "Start a rollback execution that runs one stage again with the artifacts and variables of an earlier execution")
        {
            pipeline, stage, to, wait,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var started = await client.Executions.RollbackStageAsync(new RollbackStageRequest
            {
                Pipeline = parse.GetValue(pipeline)!,
                Stage = parse.GetValue(stage)!,
                TargetExecutionId = parse.GetValue(to) ?? "",
            }, cancellationToken: cancellationToken);
            if (!parse.GetValue(wait))
            {
                context.Terminal.Line(started.ExecutionId);
                return 0;
            }
            context.Terminal.Line($"started rollback {started.ExecutionId} of stage {parse.GetValue(stage)} to {started.TargetExecutionId}");
            var ended = await new ExecutionWatcher(client, context.Terminal, context.Clock).WatchAsync(started.ExecutionId, cancellationToken);
            return WatchCommand.ExitCode(ended);
        });
        return command;
    }
}
