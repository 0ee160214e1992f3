namespace BuildFarm.Bench.Launch;

/// <summary>
/// The cluster profile: `farm server --profile cluster --postgres CONN --blob CONN`, on a private PostgreSQL cluster
/// (one per benchmark run, a fresh database per farm) and a fresh Azurite blob service per farm.
/// </summary>
public sealed class ClusterProfile : FarmProfile, IAsyncDisposable
{
    private PostgresCluster? postgres;

    public override string Name => "cluster";

    public override async Task<ProfileBackends> StartBackendsAsync(string root, CancellationToken cancellationToken)
    {
        postgres ??= await PostgresCluster.StartAsync(cancellationToken);
        var database = await postgres.CreateDatabaseAsync(cancellationToken);
        var azurite = await Azurite.StartAsync(Path.Combine(root, "azurite"), cancellationToken);
        return new ProfileBackends(
            ["--profile", "cluster", "--postgres", database, "--blob", azurite.ConnectionString],
            azurite.ConnectionString,
            azurite.DisposeAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null) await postgres.DisposeAsync();
    }
}
