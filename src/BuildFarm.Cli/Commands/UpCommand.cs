using System.CommandLine;
using BuildFarm.Cli.Local;
using BuildFarm.Cli.Rendering;
using BuildFarm.Server;

namespace BuildFarm.Cli.Commands;

public static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var agents = CommonOptions.Agents();
        var slots = CommonOptions.Slots();
        var port = CommonOptions.Port("--port", $"The gRPC port (default {new FarmServerOptions().GrpcPort}; 0 picks a free one)");
        var command = new Command("up", "Run a local farm in the foreground (a server and agent processes) until Ctrl-C") { agents, slots, port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new FarmServerOptions { DataDirectory = context.Settings(parse).ResolveDataDirectory() };
            if (parse.GetValue(port) is { } grpcPort) options.GrpcPort = grpcPort;
            await using var server = await FarmServer.StartAsync(options, cancellationToken);
            EmbeddedServer.Describe(context.Terminal, server, options);

            var fleetOptions = new AgentFleetOptions(server.GrpcAddress, server.RegistrationToken, parse.GetValue(agents), parse.GetValue(slots), options.DataDirectory);
            await using var fleet = AgentFleet.Start(fleetOptions,
                (agent, line) => context.Terminal.Markup($"[grey][[{Terminal.Escape(agent)}]][/] {Terminal.Escape(line)}"));
            context.Terminal.Line($"started {PipelineFile.Plural(fleetOptions.Count, "agent")} ({string.Join(", ", fleet.Names)}); Ctrl-C stops the farm");

            await EmbeddedServer.RunUntilStoppedAsync(server, cancellationToken);
            context.Terminal.Line("stopping the agents and the server");
            await fleet.StopAsync(AgentFleet.StopGrace);
            return 0;
        });
        return command;
    }
}
