using System.CommandLine;
using BuildFarm.Cli.Local;
using BuildFarm.Server;

namespace BuildFarm.Cli.Commands;

public static class ServerCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new FarmServerOptions();
        var port = CommonOptions.Port("--port", $"The gRPC port (default {defaults.GrpcPort}; 0 picks a free one)");
        var httpPort = CommonOptions.Port("--http-port", $"The HTTP port for health and metrics (default {defaults.HttpPort}; 0 picks a free one)");
        var listen = new Option<string>("--listen") { Description = "The address to listen on", HelpName = "ADDR", DefaultValueFactory = _ => defaults.ListenAddress };
        var profile = new Option<string>("--profile")
        {
            Description = "local (SQLite state and blobs in the data folder) or cluster",
            DefaultValueFactory = _ => defaults.Profile,
        }.AcceptOnlyFromAmong("local", "cluster");
        var leaseTtl = CommonOptions.Positive("--lease-ttl", "Seconds a job's lease lives without a heartbeat", (int)defaults.LeaseTtl.TotalSeconds);
        var pollInterval = CommonOptions.Positive("--poll-interval", "Seconds between two polls of a watched git repository (plus up to 20% jitter)",
            (int)defaults.PollInterval.TotalSeconds);
        var command = new Command("server", "Run a farm server node in the foreground until Ctrl-C") { port, httpPort, listen, profile, leaseTtl, pollInterval };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new FarmServerOptions
            {
                Profile = parse.GetValue(profile)!,
                DataDirectory = context.Settings(parse).ResolveDataDirectory(),
                GrpcPort = parse.GetValue(port) ?? defaults.GrpcPort,
                HttpPort = parse.GetValue(httpPort) ?? defaults.HttpPort,
                ListenAddress = parse.GetValue(listen)!,
                LeaseTtl = TimeSpan.FromSeconds(parse.GetValue(leaseTtl)),
                PollInterval = TimeSpan.FromSeconds(parse.GetValue(pollInterval)),
            };
            await using var handle = await FarmServer.StartAsync(options, cancellationToken);
            EmbeddedServer.Describe(context.Terminal, handle, options);
            await EmbeddedServer.RunUntilStoppedAsync(handle, cancellationToken);
            return 0;
        });
        return command;
    }
}
