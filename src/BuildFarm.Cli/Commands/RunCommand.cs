using System.CommandLine;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Approvals;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Local;
using BuildFarm.Cli.Rendering;
using BuildFarm.Cli.Watching;
using BuildFarm.Server;

namespace BuildFarm.Cli.Commands;

public static class RunCommand
{
    private const int FailedLogLines = 30;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The pipeline file (.yaml, .yml or .json)" };
        var agents = CommonOptions.Agents();
        var slots = CommonOptions.Slots();
        var variables = CommonOptions.Variables();
        var keep = new Option<bool>("--keep") { Description = "Keep the farm's data folder (state, blobs, logs, agents.log) afterwards" };
        var approveAll = new Option<bool>("--approve-all")
        {
            Description = "Approve every manual approval as it comes (without it, each is asked on the terminal; without a terminal, a pipeline with approvals is refused)",
        };
        var command = new Command("run",
            "Run a pipeline file once on a throwaway local farm (embedded server + agent processes); exit 0 when it succeeds. " +
            "--data DIR uses (and keeps) that folder instead of a temporary one")
            { file, agents, slots, variables, keep, approveAll };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pipeline = PipelineFile.LoadValid(parse.GetValue(file)!, context.Terminal);
            var request = pipeline.ApplyRequest();
            var approvals = ApprovalsOf(pipeline);
            if (approvals.Count > 0 && !parse.GetValue(approveAll) && context.TerminalInput is null)
            {
                context.Terminal.ErrorMarkup($"[red]error: {Terminal.Escape(NoTerminalMessage(pipeline, approvals))}[/]");
                return CliApp.UsageError;
            }
            var decide = parse.GetValue(approveAll) ? ApprovalResponder.ApproveAll
                : context.TerminalInput is { } input ? ApprovalResponder.Ask(input, context.Terminal.ErrorWriter) : null;
            var chosenData = parse.GetValue(context.Data);
            var data = chosenData is null ? Path.Combine(Path.GetTempPath(), "farm-run-" + Guid.NewGuid().ToString("N")[..12]) : Path.GetFullPath(chosenData);
            var keepData = chosenData is not null || parse.GetValue(keep);
            var succeeded = false;
            try
            {
                var ended = await RunAsync(context, data, request, parse.GetValue(variables)!, parse.GetValue(agents), parse.GetValue(slots), decide, cancellationToken);
                succeeded = ended.Status == "Succeeded";
                return WatchCommand.ExitCode(ended);
            }
            finally
            {
                if (keepData) context.Terminal.ErrorMarkup($"[grey]farm data kept in {Terminal.Escape(data)}[/]");
                else DeleteQuietly(context.Terminal, data);
                if (!succeeded && !keepData) context.Terminal.ErrorMarkup("[grey]run again with --keep to keep the farm's data and the agents' output (agents.log)[/]");
            }
        });
        return command;
    }

    private static async Task<Execution> RunAsync(CliContext context, string data, ApplyPipelineRequest request,
        IReadOnlyDictionary<string, string> variables, int agentCount, int slots,
        Func<WaitingApproval, CancellationToken, Task<ApprovalAnswer>>? decide, CancellationToken cancellationToken)
    {
        var terminal = context.Terminal;
        Directory.CreateDirectory(data);
        var options = new FarmServerOptions { DataDirectory = data, GrpcPort = 0, HttpPort = 0, LogToConsole = false };
        await using var server = await FarmServer.StartAsync(options, cancellationToken);

        await using var agentLog = TextWriter.Synchronized(new StreamWriter(Path.Combine(data, "agents.log")) { AutoFlush = true });
        await using var fleet = AgentFleet.Start(
            new AgentFleetOptions(server.GrpcAddress, server.RegistrationToken, agentCount, slots, data),
            (agent, line) => agentLog.WriteLine($"[{agent}] {line}"));
        terminal.ErrorMarkup($"[grey]local farm on {Terminal.Escape(server.GrpcAddress.ToString())} with {PipelineFile.Plural(agentCount, "agent")}[/]");

        using var client = context.Connect(new FarmConnection(server.GrpcAddress, server.AdminToken, "the embedded farm"));
        var applied = await client.Pipelines.ApplyPipelineAsync(request, cancellationToken: cancellationToken);
        var start = new StartExecutionRequest { Pipeline = applied.Name };
        start.Variables.AddAll(variables);
        var started = await client.Executions.StartExecutionAsync(start, cancellationToken: cancellationToken);

        Execution ended;
        await using (var responder = decide is null ? null : new ApprovalResponder(client, terminal, decide))
            ended = await new ExecutionWatcher(client, terminal, context.Clock).WatchAsync(started.ExecutionId, cancellationToken, responder is null ? null : responder.Observe);
        terminal.Line();
        ExecutionView.Summary(terminal, ended);
        await PrintFailedLogsAsync(context, client, ended, cancellationToken);

        await fleet.StopAsync(AgentFleet.StopGrace);
        return ended;
    }

    /// <summary>The manual approval actions of the pipeline, as STAGE/ACTION.</summary>
    public static IReadOnlyList<string> ApprovalsOf(PipelineFile pipeline) =>
        pipeline.Definition!.Stages.SelectMany(s => s.Actions.Where(a => a.Provider == Core.Definitions.ProviderCatalog.Manual.Name).Select(a => $"{s.Name}/{a.Name}")).ToList();

    public static string NoTerminalMessage(PipelineFile pipeline, IReadOnlyList<string> approvals) =>
        $"{pipeline.DisplayPath} has manual approvals ({string.Join(", ", approvals)}) and standard input is not a terminal to ask on, " +
        "so the run would wait for ever; run again with --approve-all to approve them all, or use `farm up` with `farm approve`/`farm reject`";

    private static async Task PrintFailedLogsAsync(CliContext context, FarmClient client, Execution execution, CancellationToken cancellationToken)
    {
        var reader = new LogReader(client, context.Terminal, context.Clock);
        foreach (var stage in execution.Stages)
            foreach (var action in stage.Actions.Where(a => a.Status == "Failed" && a.Attempts.Count > 0))
            {
                var lines = await reader.TailAsync(execution.ExecutionId, stage.Name, action.Name, FailedLogLines, cancellationToken);
                context.Terminal.Line();
                context.Terminal.Markup($"[red]--- {Terminal.Escape($"{stage.Name}/{action.Name}")}: last {lines.Count} lines of its log ---[/]");
                foreach (var line in lines) context.Terminal.Line(line);
            }
    }

    private static void DeleteQuietly(Terminal terminal, string directory)
    {
        for (var attempt = 1; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 3)
                {
                    terminal.ErrorMarkup($"[yellow]could not delete {Terminal.Escape(directory)}: {Terminal.Escape(e.Message)}[/]");
                    return;
                }
                // A process that has just exited may hold a file for a moment longer.
                Thread.Sleep(200);
            }
        }
    }
}
