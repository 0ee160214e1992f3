using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Server.Services;

/// <summary>
/// Long calls (watch, log follow, the agents' long-poll) end when their client goes away or when the node stops;
/// otherwise a stopping node would wait out every open long-poll.
/// </summary>
public sealed class CallLifetime(IHostApplicationLifetime lifetime)
{
    public CancellationTokenSource Link(ServerCallContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
}
