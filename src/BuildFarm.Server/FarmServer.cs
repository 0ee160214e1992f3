namespace BuildFarm.Server;

/// <summary>Starts a server node in this process (used by `farm server`, `farm up` and `farm run`).</summary>
public static class FarmServer
{
    public static Task<FarmServerHandle> StartAsync(FarmServerOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
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
