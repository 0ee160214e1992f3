using BuildFarm.Api.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace BuildFarm.Cli.Client;

/// <summary>One channel to the farm and the generated clients of its services, every call carrying the API token.</summary>
public sealed class FarmClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public FarmClient(FarmConnection connection)
    {
        Connection = connection;
        _channel = GrpcChannel.ForAddress(connection.Address, new GrpcChannelOptions
        {
            Credentials = connection.Address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                // A watch can sit idle for minutes; pings notice a dead server instead of waiting forever.
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        var authorization = "Bearer " + connection.Token;
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
        Pipelines = new Pipelines.PipelinesClient(invoker);
        Executions = new Executions.ExecutionsClient(invoker);
        Logs = new Logs.LogsClient(invoker);
        Agents = new Agents.AgentsClient(invoker);
        ContentStore = new ContentStore.ContentStoreClient(invoker);
        Triggers = new Triggers.TriggersClient(invoker);
        Secrets = new Secrets.SecretsClient(invoker);
    }

    public FarmConnection Connection { get; }
    public Pipelines.PipelinesClient Pipelines { get; }
    public Executions.ExecutionsClient Executions { get; }
    public Logs.LogsClient Logs { get; }
    public Agents.AgentsClient Agents { get; }
    public ContentStore.ContentStoreClient ContentStore { get; }
    public Triggers.TriggersClient Triggers { get; }
    public Secrets.SecretsClient Secrets { get; }

    public void Dispose() => _channel.Dispose();
}
