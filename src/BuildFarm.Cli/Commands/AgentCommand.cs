using System.CommandLine;
using BuildFarm.Agent;
using BuildFarm.Cli.Client;

namespace BuildFarm.Cli.Commands;

public static class AgentCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The agent's name", DefaultValueFactory = _ => Environment.MachineName };
        var labels = CommonOptions.Labels();
        var slots = CommonOptions.Slots();
        var work = new Option<string?>("--work") { Description = "Workspaces and the blob cache (default: DATA/agents/NAME)", HelpName = "DIR" };
        var linkInputs = new Option<bool>("--link-inputs")
        {
            Description = "Hard-link input files from the blob cache instead of copying them (for jobs that do not write into their inputs in place)",
        };
        var command = new Command("agent",
            $"Run an agent until Ctrl-C. --server takes one or more addresses (URL[,URL...]); --token is the registration token " +
            $"(default: ${ConnectionSettings.RegistrationTokenVariable}, else the local farm's)") { name, labels, slots, work, linkInputs };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Settings(parse);
            var target = ConnectionResolver.ResolveAgent(settings);
            var agentName = parse.GetValue(name)!;
            var options = new AgentOptions
            {
                Servers = target.Servers,
                Token = target.RegistrationToken,
                Name = agentName,
                Labels = parse.GetValue(labels)!,
                Slots = parse.GetValue(slots),
                LinkInputs = parse.GetValue(linkInputs),
                WorkDirectory = Path.GetFullPath(parse.GetValue(work) ?? Path.Combine(settings.ResolveDataDirectory(), "agents", agentName)),
            };
            try
            {
                await new FarmAgent(options).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: a normal stop.
            }
            return 0;
        });
        return command;
    }
}
