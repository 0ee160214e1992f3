using BuildFarm.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace BuildFarm.Bench.Launch;

/// <summary>One channel to a farm and the generated clients of its public API, every call carrying the admin token.</summary>
public sealed class FarmApi : IDisposable
{
    private readonly GrpcChannel channel;

    public FarmApi(Uri address, string token)
    {
        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // The farm under test listens on loopback without TLS (h2c).
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, bearer),
            UnsafeUseInsecureChannelCallCredentials = true,
            MaxReceiveMessageSize = 256 * 1024 * 1024,
        });
        Pipelines = new Pipelines.PipelinesClient(channel);
        Executions = new Executions.ExecutionsClient(channel);
        Logs = new Logs.LogsClient(channel);
        Agents = new Agents.AgentsClient(channel);
    }

    public Pipelines.PipelinesClient Pipelines { get; }
    public Executions.ExecutionsClient Executions { get; }
    public Logs.LogsClient Logs { get; }
    public Agents.AgentsClient Agents { get; }

    public void Dispose() => channel.Dispose();
}
