using BuildFarm.Api.V1;
using Grpc.Core;
using Polly;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// How a content-store call reaches the server: through the agent's connection (failover, agent credential) or
/// through a plain client (the CLI's). The transfer code is the same either way.
/// </summary>
internal interface IContentStoreCaller
{
    Task<T> CallAsync<T>(ResiliencePipeline retry, Func<ContentStore.ContentStoreClient, CallOptions, Task<T>> call, TimeSpan? deadline,
        CancellationToken cancellationToken);
}

/// <summary>A caller over one ready client (its channel already carries authentication).</summary>
internal sealed class ClientContentStoreCaller(ContentStore.ContentStoreClient client) : IContentStoreCaller
{
    public Task<T> CallAsync<T>(ResiliencePipeline retry, Func<ContentStore.ContentStoreClient, CallOptions, Task<T>> call, TimeSpan? deadline,
        CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await call(client, new CallOptions(
            deadline: deadline is { } d ? DateTime.UtcNow + d : null, cancellationToken: token)), cancellationToken).AsTask();
}
