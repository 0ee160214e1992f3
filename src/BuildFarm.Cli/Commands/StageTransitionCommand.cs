using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

/// <summary><c>farm stage disable|enable PIPELINE STAGE</c>: close or open a stage's inbound transition.</summary>
public static class StageTransitionCommand
{
    public static Command Disable(CliContext context)
    {
        var (pipeline, stage) = Arguments();
        var reason = new Option<string>("--reason") { Description = "Why (required; shown to whoever finds executions waiting there)", HelpName = "TEXT", Required = true };
        var command = new Command("disable", "Close a stage's inbound transition: executions wait in front of it until it is enabled") { pipeline, stage, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            await client.Pipelines.DisableStageTransitionAsync(Request(parse, pipeline, stage, parse.GetValue(reason)), cancellationToken: cancellationToken);
            context.Terminal.Line($"{parse.GetValue(pipeline)}/{parse.GetValue(stage)}: inbound transition disabled");
            return 0;
        });
        return command;
    }

    public static Command Enable(CliContext context)
    {
        var (pipeline, stage) = Arguments();
        var command = new Command("enable", "Open a stage's inbound transition again: waiting executions go on") { pipeline, stage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            await client.Pipelines.EnableStageTransitionAsync(Request(parse, pipeline, stage, null), cancellationToken: cancellationToken);
            context.Terminal.Line($"{parse.GetValue(pipeline)}/{parse.GetValue(stage)}: inbound transition enabled");
            return 0;
        });
        return command;
    }

    private static (Argument<string> Pipeline, Argument<string> Stage) Arguments() =>
        (new Argument<string>("pipeline") { Description = "The pipeline" }, new Argument<string>("stage") { Description = "The stage" });

    private static StageTransitionRequest Request(ParseResult parse, Argument<string> pipeline, Argument<string> stage, string? reason) =>
        new() { Pipeline = parse.GetValue(pipeline)!, Stage = parse.GetValue(stage)!, Reason = reason ?? "" };
}
