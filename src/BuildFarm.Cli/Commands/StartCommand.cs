using System.CommandLine;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Commands;

public static class StartCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The pipeline to run (its newest version)" };
        var variables = CommonOptions.Variables();
        var wait = new Option<bool>("--wait") { Description = "Follow the execution to its end (as `farm watch`); exit 0 only when it succeeds" };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every action: look nothing up in the action result cache (results are still recorded)" };
        var command = new Command("start", "Start an execution of a pipeline; prints the execution id") { name, variables, wait, noCache };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var request = new StartExecutionRequest { Pipeline = parse.GetValue(name)!, NoCache = parse.GetValue(noCache) };
            request.Variables.AddAll(parse.GetValue(variables)!);
            var started = await client.Executions.StartExecutionAsync(request, cancellationToken: cancellationToken);
            if (!parse.GetValue(wait))
            {
                context.Terminal.Line(started.ExecutionId);
                return 0;
            }
            context.Terminal.Line($"started execution {started.ExecutionId} of {request.Pipeline} version {started.PipelineVersion}");
            var ended = await new ExecutionWatcher(client, context.Terminal, context.Clock).WatchAsync(started.ExecutionId, cancellationToken);
            return WatchCommand.ExitCode(ended);
        });
        return command;
    }
}
