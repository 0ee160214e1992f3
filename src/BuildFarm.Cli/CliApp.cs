using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using BuildFarm.Cli.Rendering;
using BuildFarm.Cli.Commands;

namespace BuildFarm.Cli;

/// <summary>The command tree, and running it: exit 0 on success, 1 on failure, 2 for a command line that does not parse.</summary>
public static class CliApp
{
    public const int UsageError = 2;

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("farm: run CI/CD pipelines on a build farm, or on this machine with 'farm run'")
        {
            context.Server,
            context.Token,
            context.Data,
            Group("pipeline", "Manage pipeline declarations",
                PipelineValidateCommand.Create(context),
                PipelineApplyCommand.Create(context),
                PipelineListCommand.Create(context),
                PipelineGetCommand.Create(context),
                PipelineDeleteCommand.Create(context),
                PipelineStateCommand.Create(context),
                PipelineImportCommand.Create(context)),
            StartCommand.Create(context),
            StopCommand.Create(context),
            RetryCommand.Create(context),
            ApprovalCommand.Approve(context),
            ApprovalCommand.Reject(context),
            RollbackCommand.Create(context),
            Group("stage", "Open and close stage transitions",
                StageTransitionCommand.Disable(context),
                StageTransitionCommand.Enable(context)),
            Group("executions", "Inspect executions",
                ExecutionsListCommand.Create(context),
                ExecutionsShowCommand.Create(context)),
            WatchCommand.Create(context),
            LogsCommand.Create(context),
            TestsCommand.Create(context),
            Group("artifacts", "Inspect and download artifacts",
                ArtifactsListCommand.Create(context),
                ArtifactsGetCommand.Create(context)),
            Group("agents", "Inspect agents",
                AgentsListCommand.Create(context)),
            Group("triggers", "Inspect what starts a pipeline",
                TriggersListCommand.Create(context)),
            Group("secret", "Manage the farm's secrets (repository credentials, webhook secrets, tokens)",
                SecretSetCommand.Create(context),
                SecretListCommand.Create(context),
                SecretDeleteCommand.Create(context)),
            RunCommand.Create(context),
            UpCommand.Create(context),
            ServerCommand.Create(context),
            Group("db", "Manage the cluster profile's database",
                DbMigrateCommand.Create(context)),
            AgentCommand.Create(context),
        };
        return root;
    }

    public static async Task<int> RunAsync(CliContext context, string[] args)
    {
        var parse = Build(context).Parse(args);
        var leafCommand = parse.CommandResult.Command.Subcommands.Count == 0;
        if (parse.Action is ParseErrorAction parseError && leafCommand)
            parseError.ShowHelp = false;
        var invocation = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = context.Terminal.OutputWriter,
            Error = context.Terminal.ErrorWriter,
            // Room for `farm up`/`farm run` to stop their agents and server after Ctrl-C.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            var exitCode = await parse.InvokeAsync(invocation);
            if (parse.Errors.Count == 0) return exitCode;
            if (leafCommand) context.Terminal.ErrorMarkup($"[grey]see '{Terminal.Escape(CommandPath(parse.CommandResult))} --help'[/]");
            return UsageError;
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context);
        }
    }

    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "farm";

    private static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands) group.Subcommands.Add(command);
        return group;
    }
}
