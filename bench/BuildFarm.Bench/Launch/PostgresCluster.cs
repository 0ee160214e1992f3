using System.Net;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Bench.Launch;

/// <summary>A throwaway PostgreSQL cluster on its own port and socket folder, run as the postgres user (initdb refuses root).</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string directory;
    private readonly int port;
    private int databases;

    private PostgresCluster(string directory, int port)
    {
        this.directory = directory;
        this.port = port;
    }

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Bin, "pg_ctl")))
            throw new BenchException($"PostgreSQL 15 is not installed ({Bin}/pg_ctl is missing): apt-get install -y postgresql-15");
        var directory = Path.Combine(Path.GetTempPath(), "farm-bench-pg-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(directory);
        await Command.RunCheckedAsync("chown", ["postgres:postgres", directory], cancellationToken);
        var port = FreePort.Find(IPAddress.Loopback);
        await AsPostgres(cancellationToken, Path.Combine(Bin, "initdb"), "-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale");
        await AsPostgres(cancellationToken, Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"),
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "-w", "start");
        return new PostgresCluster(directory, port);
    }

    /// <summary>A new, empty database; its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"farm_bench_{++databases}";
        await AsPostgres(cancellationToken, Path.Combine(Bin, "psql"), "-h", directory, "-p", port.ToString(), "-U", "postgres", "-c", $"CREATE DATABASE {name}");
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        await Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "immediate", "stop"], CancellationToken.None);
        Directory.Delete(directory, recursive: true);
    }

    private static Task<Command.Outcome> AsPostgres(CancellationToken cancellationToken, params string[] command) =>
        Command.RunCheckedAsync("runuser", ["-u", "postgres", "--", .. command], cancellationToken);
}
