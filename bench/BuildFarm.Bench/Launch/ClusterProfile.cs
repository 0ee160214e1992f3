using System.Net;
using BuildFarm.Server.Hosting;

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
        // A cluster node writes nothing to its data folder for clients: the bench fixes its ports and its settings.
        var (grpc, http) = (FreePort.Find(IPAddress.Loopback), FreePort.Find(IPAddress.Loopback));
        var tokens = (Admin: "bench-admin-" + Guid.NewGuid().ToString("n"), Registration: "bench-agents-" + Guid.NewGuid().ToString("n"));
        return new ProfileBackends(
            ["--profile", "cluster", "--postgres", database, "--blob", azurite.ConnectionString, "--migrate",
             "--listen", "127.0.0.1", "--port", grpc.ToString(), "--http-port", http.ToString(), "--silo-port", FreePort.Find(IPAddress.Loopback).ToString(),
             "--gateway-port", "0"],
            azurite.ConnectionString,
            azurite.DisposeAsync)
        {
            ServerEnvironment = new Dictionary<string, string?>
            {
                ["Farm__AdminToken"] = tokens.Admin,
                ["Farm__RegistrationToken"] = tokens.Registration,
                ["Farm__SecretKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            },
            Endpoint = new KnownEndpoint(new Uri($"http://127.0.0.1:{grpc}"), new Uri($"http://127.0.0.1:{http}/healthz"), tokens.Admin, tokens.Registration),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null) await postgres.DisposeAsync();
    }
}
