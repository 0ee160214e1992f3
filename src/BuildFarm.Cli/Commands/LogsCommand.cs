using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Commands;

public static class LogsCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var action = new Option<string?>("--action") { Description = "Only this action's log", HelpName = "STAGE/ACTION" };
        action.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && ActionAddress.TryParse(value) is null)
                r.AddError($"--action '{value}': expected STAGE/ACTION");
        });
        var attempt = new Option<int>("--attempt") { Description = "Which attempt (default: the newest)", HelpName = "N" };
        attempt.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--attempt must be 1 or more");
        });
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing as the log grows, until the attempt (or execution) ends" };
        var build = new Option<string?>("--build", "--child") { Description = "A build of the action's batch (its identifier, e.g. shard_3)", HelpName = "ID" };
        var command = new Command("logs", "Print action logs (stdout and stderr of the commands, as they were written)") { id, action, attempt, follow, build };
        command.Validators.Add(r =>
        {
            if (r.GetValue(build) is not null && r.GetValue(action) is null) r.AddError("--build needs --action STAGE/ACTION (the action whose batch it belongs to)");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var printer = new Printer(client, context, parse.GetValue(id)!, parse.GetValue(attempt), parse.GetValue(follow));
            if (parse.GetValue(action) is { } one)
            {
                var (stage, name) = ActionAddress.TryParse(one)!.Value;
                await printer.CopyAsync(stage, name, parse.GetValue(attempt), cancellationToken, parse.GetValue(build) ?? "");
            }
            else
            {
                await printer.AllAsync(cancellationToken);
            }
            return 0;
        });
        return command;
    }

    private sealed class Printer(FarmClient client, CliContext context, string executionId, int attempt, bool follow)
    {
        private readonly LogReader _reader = new(client, context.Terminal, context.Clock);
        private bool _atLineStart = true;

        public Task CopyAsync(string stage, string action, int number, CancellationToken cancellationToken, string build = "") =>
            _reader.CopyAsync(executionId, stage, action, number, follow, async (bytes, token) =>
            {
                await context.Terminal.WriteRawAsync(bytes, token);
                if (bytes.Length > 0) _atLineStart = bytes.Span[^1] == (byte)'\n';
            }, cancellationToken, build);

        /// <summary>Every action's log in pipeline order; following, it waits for actions that have not started yet.</summary>
        public async Task AllAsync(CancellationToken cancellationToken)
        {
            var printed = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var execution = await client.Executions.GetExecutionAsync(new GetExecutionRequest { ExecutionId = executionId }, cancellationToken: cancellationToken);
                var printedAny = false;
                foreach (var stage in execution.Stages)
                    foreach (var action in stage.Actions)
                    {
                        var shown = attempt == 0 ? action.Attempts.LastOrDefault() : action.Attempts.FirstOrDefault(a => a.Number == attempt);
                        if (shown is null || !printed.Add($"{stage.Name}/{action.Name}")) continue;
                        printedAny = true;
                        if (!_atLineStart) context.Terminal.Line();
                        context.Terminal.Markup($"[bold]==> {Terminal.Escape($"{stage.Name}/{action.Name}")} (attempt {shown.Number}) <==[/]");
                        await CopyAsync(stage.Name, action.Name, shown.Number, cancellationToken);
                        foreach (var build in shown.Batch?.Builds.Where(b => b.Attempts.Count > 0) ?? [])
                        {
                            if (!_atLineStart) context.Terminal.Line();
                            context.Terminal.Markup($"[bold]==> {Terminal.Escape($"{stage.Name}/{action.Name}")} (attempt {shown.Number}) build {Terminal.Escape(build.Identifier)} <==[/]");
                            await CopyAsync(stage.Name, action.Name, shown.Number, cancellationToken, build.Identifier);
                        }
                    }
                if (!follow || ExecutionProgress.HasEnded(execution)) return;
                if (!printedAny) await Task.Delay(TimeSpan.FromSeconds(1), context.Clock, cancellationToken);
            }
        }
    }
}
