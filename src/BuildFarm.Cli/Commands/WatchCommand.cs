using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Commands;

public static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var command = new Command("watch", "Print an execution's progress until it ends; exit 0 when it succeeded, 1 otherwise") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var ended = await new ExecutionWatcher(client, context.Terminal, context.Clock).WatchAsync(parse.GetValue(id)!, cancellationToken);
            return ExitCode(ended);
        });
        return command;
    }

    public static int ExitCode(Execution ended) => ended.Status == "Succeeded" ? 0 : 1;
}
