namespace BuildFarm.Bench.Launch;

/// <summary>What a farm server runs on: the local profile (embedded) or the cluster profile (PostgreSQL + Azurite).</summary>
public abstract class FarmProfile
{
    public abstract string Name { get; }

    /// <summary>Starts what one farm server needs besides its data folder and says how to point the server at it.</summary>
    public abstract Task<ProfileBackends> StartBackendsAsync(string root, CancellationToken cancellationToken);

    public static FarmProfile Create(string name) => name switch
    {
        "local" => new LocalProfile(),
        "cluster" => new ClusterProfile(),
        _ => throw new BenchException($"unknown profile '{name}'; use local or cluster"),
    };

    private sealed class LocalProfile : FarmProfile
    {
        public override string Name => "local";

        public override Task<ProfileBackends> StartBackendsAsync(string root, CancellationToken cancellationToken) =>
            Task.FromResult(new ProfileBackends(["--profile", "local"], null, () => ValueTask.CompletedTask));
    }
}

/// <summary>The server flags for a profile's backends, the blob connection (cluster only), and how to stop them.</summary>
public sealed record ProfileBackends(IReadOnlyList<string> ServerArguments, string? BlobConnectionString, Func<ValueTask> Stop) : IAsyncDisposable
{
    /// <summary>Settings for the server process (a cluster node takes its tokens and secret key from configuration).</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the server answers and its tokens, when the profile fixes them (else read from the data folder).</summary>
    public KnownEndpoint? Endpoint { get; init; }

    public ValueTask DisposeAsync() => Stop();
}

public sealed record KnownEndpoint(Uri Grpc, Uri Health, string AdminToken, string RegistrationToken);
