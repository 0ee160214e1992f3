using System.Net;
using BuildFarm.Api.Local;
using BuildFarm.Grains;
using BuildFarm.Server.Hosting;
using BuildFarm.Server.Security;
using BuildFarm.Server.Services;
using BuildFarm.Server.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Server;

/// <summary>Starts a server node in this process (used by `farm server`, `farm up` and `farm run`).</summary>
public static class FarmServer
{
    public static async Task<FarmServerHandle> StartAsync(FarmServerOptions options, CancellationToken cancellationToken = default)
    {
        var cluster = options.Profile switch
        {
            "local" => false,
            ClusterProfile.Name => true,
            _ => throw new ArgumentException($"profile '{options.Profile}' is unknown; use 'local' or 'cluster'"),
        };
        if (cluster) await ClusterProfile.PrepareAsync(options, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        if (options.Configuration is { } configuration) builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        if (options.LogToConsole) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("BuildFarm", LogLevel.Information)
            // Known noise: a watchdog warning whose duration is the machine's uptime, and the 1 s reminder period we chose.
            .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error)
            .AddFilter("Orleans.Hosting.ReminderOptionsValidator", LogLevel.Error);

        var address = IPAddress.Parse(options.ListenAddress);
        ListenOptions? grpcEndpoint = null, httpEndpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plain-text gRPC needs an HTTP/2-only endpoint; HTTP/1.1 (health, later the console) gets its own port.
            kestrel.Listen(address, options.GrpcPort, l => { l.Protocols = HttpProtocols.Http2; grpcEndpoint = l; });
            kestrel.Listen(address, options.HttpPort, l => { l.Protocols = HttpProtocols.Http1; httpEndpoint = l; });
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddBuildFarmSerialization();
        builder.Services.Configure<FarmGrainOptions>(o =>
        {
            o.LeaseTtl = options.LeaseTtl;
            // Several heartbeats must fit in a lease, or a short lease would expire between two of them.
            o.HeartbeatInterval = options.HeartbeatInterval < options.LeaseTtl / 3 ? options.HeartbeatInterval : options.LeaseTtl / 3;
        });
        builder.Services.AddSingleton(cluster ? ClusterProfile.Tokens(options) : LocalTokens.LoadOrCreate(options));
        builder.Services.AddSingleton<TokenAuthenticator>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddSingleton<JobTransitions>();
        builder.Services.AddSingleton<Grains.Content.IArtifactStore, ContentStoreArtifacts>();
        builder.Services.AddSingleton<CallLifetime>();
        builder.Services.AddSingleton<AgentDemand>();
        // Stateless, so one of each serves every call: the agents' calls (one per job) no longer build a service and two
        // interceptors each through the activator.
        builder.Services.AddSingleton<AgentsService>();
        builder.Services.AddSingleton<ErrorMappingInterceptor>();
        builder.Services.AddSingleton<AccessInterceptor>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
            grpc.Interceptors.Add<AccessInterceptor>();
            grpc.MaxReceiveMessageSize = 8 * 1024 * 1024;
        });
        if (cluster) builder.AddClusterProfile(options);
        else builder.AddLocalProfile(options);
        builder.AddTriggers(options);
        builder.Services.AddHostedService<ExecutionWaker>();

        var app = builder.Build();
        app.MapGrpcService<PipelinesService>();
        app.MapGrpcService<ExecutionsService>();
        app.MapGrpcService<LogsService>();
        app.MapGrpcService<AgentsService>();
        app.MapGrpcService<ContentStoreService>();
        app.MapGrpcService<TriggersService>();
        app.MapGrpcService<SecretsService>();
        app.MapGet("/healthz", () => "ok");
        app.MapWebhooks();

        await app.StartAsync(cancellationToken);

        var grpc = EndpointUri(grpcEndpoint!);
        var http = EndpointUri(httpEndpoint!);
        var files = new LocalFarmFiles(options.DataDirectory);
        // A cluster node is found through its configured addresses, not through a local data folder.
        if (!cluster) files.WriteServerEndpoint(new LocalFarmFiles.ServerEndpoint(grpc.ToString(), http.ToString(), Environment.ProcessId));
        var tokens = app.Services.GetRequiredService<ServerTokens>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());

        var stopping = new Lazy<Task>(async () =>
        {
            await app.StopAsync();
            if (!cluster) files.DeleteServerEndpoint();
            await app.DisposeAsync();
        });
        return new FarmServerHandle(grpc, http, tokens.AdminToken, tokens.RegistrationToken, () => new ValueTask(stopping.Value), stopped.Task);
    }

    private static Uri EndpointUri(ListenOptions endpoint) => new($"http://{endpoint.IPEndPoint!.Address}:{endpoint.IPEndPoint.Port}");
}

/// <summary>A running server node. Disposing stops it gracefully.</summary>
public sealed class FarmServerHandle(Uri grpcAddress, Uri httpAddress, string adminToken, string registrationToken, Func<ValueTask> stop, Task stopped)
    : IAsyncDisposable
{
    public Uri GrpcAddress { get; } = grpcAddress;
    public Uri HttpAddress { get; } = httpAddress;
    /// <summary>The admin API token (local profile: created in the data folder on first start).</summary>
    public string AdminToken { get; } = adminToken;
    /// <summary>The token agents register with.</summary>
    public string RegistrationToken { get; } = registrationToken;
    /// <summary>Completes when the node has stopped (Ctrl-C, SIGTERM, or disposal).</summary>
    public Task Stopped { get; } = stopped;

    public ValueTask DisposeAsync() => stop();
}
