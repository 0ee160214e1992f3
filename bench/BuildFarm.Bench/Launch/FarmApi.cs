using BuildFarm.Api.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace BuildFarm.Bench.Launch;

/// <summary>One channel to a farm and the generated clients of its public API, every call carrying the admin token.</summary>
public sealed class FarmApi : IDisposable
{
    private readonly GrpcChannel channel;

    public FarmApi(Uri address, string token)
    {
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            MaxReceiveMessageSize = 256 * 1024 * 1024,
        });
        var authorization = "Bearer " + token;
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        });
        Pipelines = new Pipelines.PipelinesClient(invoker);
        Executions = new Executions.ExecutionsClient(invoker);
        Logs = new Logs.LogsClient(invoker);
        Agents = new Agents.AgentsClient(invoker);
    }

    public Pipelines.PipelinesClient Pipelines { get; }
    public Executions.ExecutionsClient Executions { get; }
    public Logs.LogsClient Logs { get; }
    public Agents.AgentsClient Agents { get; }

    public void Dispose() => channel.Dispose();
}
