using System.CommandLine;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using BuildFarm.Core.Reports;
using Grpc.Core;
using CoreDigest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Cli.Commands;

public static class TestsCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var action = new Option<string?>("--action") { Description = "Only this action's reports", HelpName = "STAGE/ACTION" };
        action.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && ActionAddress.TryParse(value) is null)
                r.AddError($"--action '{value}': expected STAGE/ACTION");
        });
        var failed = new Option<bool>("--failed") { Description = "Only failed tests and errors" };
        var command = new Command("tests", "Show the test cases of an execution's test reports (newest attempt of each action)") { id, action, failed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var executionId = parse.GetValue(id)!;
            var execution = await client.Executions.GetExecutionAsync(new GetExecutionRequest { ExecutionId = executionId }, cancellationToken: cancellationToken);
            var only = parse.GetValue(action) is { } one ? ActionAddress.TryParse(one) : null;
            var shown = 0;
            foreach (var stage in execution.Stages)
                foreach (var a in stage.Actions)
                {
                    if (only is { } o && (o.Stage != stage.Name || o.Action != a.Name)) continue;
                    if (a.Attempts.LastOrDefault() is not { } attempt) continue;
                    foreach (var summary in attempt.Reports)
                    {
                        var report = await ReadReportAsync(client, summary, cancellationToken);
                        TestsView.Cases(context.Terminal, $"{stage.Name}/{a.Name}", attempt.Number, report, parse.GetValue(failed));
                        shown++;
                    }
                }
            if (only is { } named && !execution.Stages.Any(s => s.Name == named.Stage && s.Actions.Any(x => x.Name == named.Action)))
                throw new CliException($"execution {executionId} has no action '{named.Stage}/{named.Action}'");
            if (shown == 0) context.Terminal.Line(only is null ? $"execution {executionId} has no test reports" : "the action has no test reports");
            return 0;
        });
        return command;
    }

    /// <summary>The full report from the content store, verified against its digest.</summary>
    private static async Task<TestReport> ReadReportAsync(FarmClient client, BuildFarm.Api.V1.TestReportSummary summary, CancellationToken cancellationToken)
    {
        var digest = summary.Report.ToCore();
        using var buffer = new MemoryStream();
        try
        {
            using var call = client.ContentStore.Read(new ReadRequest { Digest = summary.Report }, cancellationToken: cancellationToken);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken)) buffer.Write(chunk.Data.Span);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new CliException($"report '{summary.Group}' ({digest}) is not in the content store");
        }
        var bytes = buffer.ToArray();
        if (CoreDigest.Of(bytes) != digest) throw new CliException($"report '{summary.Group}': the content store returned bytes that do not match {digest}");
        try
        {
            return TestReportCodec.Decode(bytes);
        }
        catch (TestReportException e)
        {
            throw new CliException($"report '{summary.Group}': {e.Message}");
        }
    }
}
