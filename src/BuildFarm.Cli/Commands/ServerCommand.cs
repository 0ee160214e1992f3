using System.CommandLine;
using BuildFarm.Cli.Local;
using BuildFarm.Server;
using BuildFarm.Server.Hosting;
using BuildFarm.Server.Triggers;
using BuildFarm.Storage.Azure;
using BuildFarm.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace BuildFarm.Cli.Commands;

public static class ServerCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new FarmServerOptions();
        var port = CommonOptions.Port("--port", $"The gRPC port (default {defaults.GrpcPort}; 0 picks a free one)");
        var httpPort = CommonOptions.Port("--http-port", $"The HTTP port for health and metrics (default {defaults.HttpPort}; 0 picks a free one)");
        var listen = new Option<string>("--listen") { Description = $"The address to listen on (default {defaults.ListenAddress})", HelpName = "ADDR" };
        var profile = new Option<string>("--profile")
        {
            Description = $"local (SQLite state and blobs in the data folder) or cluster (PostgreSQL and Azure Blob) (default {defaults.Profile})",
        }.AcceptOnlyFromAmong("local", "cluster");
        var leaseTtl = CommonOptions.Positive("--lease-ttl", "Seconds a job's lease lives without a heartbeat", (int)defaults.LeaseTtl.TotalSeconds);
        var pollInterval = CommonOptions.Positive("--poll-interval", "Seconds between two polls of a watched git repository (plus up to 20% jitter)",
            (int)defaults.PollInterval.TotalSeconds);
        var postgres = new Option<string>("--postgres") { Description = "Cluster: the PostgreSQL connection string (Farm:Postgres)", HelpName = "CONN" };
        var blob = new Option<string>("--blob") { Description = "Cluster: the Azure Blob storage connection string (Farm:Blob)", HelpName = "CONN" };
        var siloPort = CommonOptions.Port("--silo-port", $"Cluster: the port nodes talk to each other on (default {defaults.SiloPort})");
        var gatewayPort = CommonOptions.Port("--gateway-port", $"Cluster: the Orleans gateway port (default {defaults.GatewayPort}; 0: none)");
        var advertise = new Option<string>("--advertise") { Description = "Cluster: the address other nodes reach this one at (default: the listen address)", HelpName = "ADDR" };
        var secretKeyFile = new Option<FileInfo>("--secret-key-file")
        {
            Description = "The file holding Farm:SecretKey, the key secrets are encrypted with (a flag holding the key itself would show in the process list)",
            HelpName = "FILE",
        };
        var migrate = new Option<bool>("--migrate") { Description = "Cluster: create or update the database schema before starting (Farm:MigrateOnStart)" };
        var command = new Command("server",
            "Run a farm server node in the foreground until Ctrl-C. Settings come from the \"Farm\" section of appsettings.json " +
            "(beside the farm binary, then in the current folder), then from Farm__KEY environment variables, then from these flags")
        {
            port, httpPort, listen, profile, leaseTtl, pollInterval, postgres, blob, siloPort, gatewayPort, advertise, secretKeyFile, migrate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = ServerConfiguration.Load();
            var options = ServerConfiguration.Bind(configuration);
            options.DataDirectory = context.Settings(parse).ResolveDataDirectory();
            if (parse.GetValue(profile) is { } p) options.Profile = p;
            if (parse.GetValue(port) is { } grpc) options.GrpcPort = grpc;
            if (parse.GetValue(httpPort) is { } http) options.HttpPort = http;
            if (parse.GetValue(listen) is { } address) options.ListenAddress = address;
            if (parse.GetResult(leaseTtl) is { Implicit: false }) options.LeaseTtl = TimeSpan.FromSeconds(parse.GetValue(leaseTtl));
            if (parse.GetResult(pollInterval) is { Implicit: false }) options.PollInterval = TimeSpan.FromSeconds(parse.GetValue(pollInterval));
            if (parse.GetValue(postgres) is { } pg) options.Postgres = pg;
            if (parse.GetValue(blob) is { } b) options.Blob = b;
            if (parse.GetValue(siloPort) is { } silo) options.SiloPort = silo;
            if (parse.GetValue(gatewayPort) is { } gateway) options.GatewayPort = gateway;
            if (parse.GetValue(advertise) is { } advertised) options.AdvertisedAddress = advertised;
            if (parse.GetValue(migrate)) options.MigrateOnStart = true;
            if (parse.GetValue(secretKeyFile) is { } keyFile) options.SecretKey = ReadSecretKey(keyFile);

            FarmServerHandle handle;
            try
            {
                handle = await FarmServer.StartAsync(options, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or DatabaseUnavailableException or BlobStoreUnavailableException or InvalidOperationException)
            {
                throw new CliException($"the server did not start: {e.Message}");
            }
            await using (handle)
            {
                if (options.Profile == ClusterProfile.Name) DescribeClusterNode(context, handle, options);
                else EmbeddedServer.Describe(context.Terminal, handle, options);
                await EmbeddedServer.RunUntilStoppedAsync(handle, cancellationToken);
            }
            return 0;
        });
        return command;
    }

    private static string ReadSecretKey(FileInfo file)
    {
        try
        {
            var key = File.ReadAllText(file.FullName).Trim();
            SecretKeys.Configured(new FarmServerOptions { SecretKey = key });
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"--secret-key-file {file.FullName}: {e.Message}");
        }
    }

    private static void DescribeClusterNode(CliContext context, FarmServerHandle handle, FarmServerOptions options)
    {
        context.Terminal.Line($"farm server (cluster profile) listening on {handle.GrpcAddress} (gRPC), {handle.HttpAddress} (HTTP)");
        context.Terminal.Line($"cluster:  {options.ClusterId} (service {options.ServiceId}), silo port {options.SiloPort}");
        context.Terminal.Line($"database: {PostgresSchema.Describe(options.Postgres!)}");
        context.Terminal.Line($"blobs:    container {options.BlobContainer}");
    }
}
