using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class ExecutionsListCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new Argument<string?>("pipeline") { Description = "Only this pipeline's executions", Arity = ArgumentArity.ZeroOrOne };
        var limit = CommonOptions.Positive("--limit", "At most this many, newest first", 50);
        var output = CommonOptions.Output();
        var command = new Command("list", "List executions, newest first") { pipeline, limit, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var request = new ListExecutionsRequest { Pipeline = parse.GetValue(pipeline) ?? "", Limit = parse.GetValue(limit) };
            var response = await client.Executions.ListExecutionsAsync(request, cancellationToken: cancellationToken);
            context.Print(parse, output, response, ExecutionView.List);
            return 0;
        });
        return command;
    }
}
