using System.Net;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using BuildFarm.Storage.Azure;
using BuildFarm.Storage.Content;
using BuildFarm.Storage.Logs;
using BuildFarm.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace BuildFarm.Server.Hosting;

/// <summary>
/// The cluster profile: any number of nodes form one Orleans cluster on PostgreSQL (membership, grain state,
/// reminders); artifacts and logs live in Azure Blob storage. Same grains and services as the local profile.
/// </summary>
public static class ClusterProfile
{
    public const string Name = "cluster";

    /// <summary>The configuration section of Orleans' failure detection (ClusterMembershipOptions).</summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary>Checks the settings, migrates the schema when asked, and makes sure the blob container exists.</summary>
    public static async Task PrepareAsync(FarmServerOptions options, CancellationToken cancellationToken)
    {
        var postgres = Required(options.Postgres, nameof(options.Postgres), "--postgres");
        Required(options.Blob, nameof(options.Blob), "--blob");
        Tokens(options);
        Triggers.SecretKeys.Required(options);
        if (options.AdvertisedAddress is { } advertised && !IPAddress.TryParse(advertised, out _))
            throw new ArgumentException($"Farm:AdvertisedAddress '{advertised}' is not an IP address; give the address other nodes reach this one at, such as 10.0.0.5");
        if (options.MigrateOnStart) await PostgresSchema.MigrateAsync(postgres, cancellationToken);
        await BlobContainer.EnsureExistsAsync(BlobContainer.Connect(options.Blob!, options.BlobContainer), cancellationToken);
    }

    /// <summary>A cluster's tokens come from configuration: every node must accept the same ones.</summary>
    public static ServerTokens Tokens(FarmServerOptions options) => new(
        Required(options.AdminToken, nameof(options.AdminToken), flag: null),
        Required(options.RegistrationToken, nameof(options.RegistrationToken), flag: null));

    public static void AddClusterProfile(this IHostApplicationBuilder builder, FarmServerOptions options)
    {
        var postgres = options.Postgres!;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
                if (AdvertisedAddress(options) is { } advertised) o.AdvertisedIPAddress = advertised;
                o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, options.SiloPort);
                o.GatewayListeningEndpoint = options.GatewayPort > 0 ? new IPEndPoint(IPAddress.Any, options.GatewayPort) : null;
            });
            silo.UsePostgresClustering(postgres);
            silo.AddPostgresGrainStorage(FarmGrainOptions.StorageName, postgres, options.DatabaseRetryLimit);
            silo.AddPostgresExecutionStore(postgres, options.DatabaseRetryLimit);
            silo.UsePostgresReminderService(postgres);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.WatchdogPeriod < o.MinimumReminderPeriod ? options.WatchdogPeriod : o.MinimumReminderPeriod);
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(MembershipSection));
            // The farm's own exceptions (a database that does not answer) keep their type across nodes.
            silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("BuildFarm"));
            if (options.Kubernetes) silo.UseKubernetesHosting();
        });
        builder.Services.PostConfigure<FarmGrainOptions>(o => o.WatchdogPeriod = options.WatchdogPeriod);
        var container = BlobContainer.Connect(options.Blob!, options.BlobContainer);
        builder.Services.AddSingleton<IContentStore>(new AzureBlobContentStore(container));
        builder.Services.AddSingleton<ILogStore>(new AzureBlobLogStore(container));
        builder.Services.AddHostedService<ClusterRecovery>();
    }

    private static IPAddress? AdvertisedAddress(FarmServerOptions options)
    {
        if (options.AdvertisedAddress is { } configured) return IPAddress.Parse(configured);
        var listen = IPAddress.Parse(options.ListenAddress);
        return listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any) ? null : listen;
    }

    private static string Required(string? value, string key, string? flag) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException(
                $"the cluster profile needs Farm:{key}" + (flag is null ? "" : $" (or {flag})") +
                $": set it in appsettings.json (\"Farm\": {{ \"{key}\": ... }}) or in the environment variable Farm__{key}")
            : value;
}
