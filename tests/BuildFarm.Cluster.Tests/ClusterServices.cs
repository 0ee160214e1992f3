using System.Diagnostics;
using Npgsql;

namespace BuildFarm.Cluster.Tests;

/// <summary>
/// PostgreSQL and Azurite for the cluster tests. test.sh starts them (.ci/services) and exports FARM_TEST_SERVICES;
/// run alone (dotnet test), the fixture starts its own and stops them at the end. Outages are made with the same
/// script, so the tests stop and start the very processes the farm uses.
/// </summary>
public sealed class ClusterServices : IAsyncLifetime
{
    private bool ownsServices;

    public string Folder { get; private set; } = "";
    public string PostgresAdmin { get; private set; } = "";
    public string Blob { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var folder = Environment.GetEnvironmentVariable("FARM_TEST_SERVICES");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(Path.GetTempPath(), "farm-services-" + Guid.NewGuid().ToString("n")[..8]);
            ownsServices = true;
            await ServicesAsync("start", folder, TimeSpan.FromMinutes(5));
        }
        Folder = folder;
        var env = File.ReadAllLines(Path.Combine(folder, "env"))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        PostgresAdmin = env["FARM_TEST_POSTGRES"];
        Blob = env["FARM_TEST_BLOB"];
    }

    public async Task DisposeAsync()
    {
        if (ownsServices) await ServicesAsync("stop", Folder, TimeSpan.FromMinutes(2));
    }

    /// <summary>A fresh, empty database; answers its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        // Unpooled: a pooled connection may be a dead one from before a test restarted the server.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresAdmin) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ToString();
    }

    public Task RestartPostgresAsync() => ServicesAsync("pg-restart", Folder, TimeSpan.FromMinutes(2));
    public Task StopPostgresAsync() => ServicesAsync("pg-stop", Folder, TimeSpan.FromMinutes(2));
    public Task StartPostgresAsync() => ServicesAsync("pg-start", Folder, TimeSpan.FromMinutes(2));
    public Task StopAzuriteAsync() => ServicesAsync("azurite-stop", Folder, TimeSpan.FromMinutes(1));
    public Task StartAzuriteAsync() => ServicesAsync("azurite-start", Folder, TimeSpan.FromMinutes(1));

    private static async Task ServicesAsync(string command, string folder, TimeSpan limit)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(FarmBinary.RepositoryRoot, ".ci", "services"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($".ci/services {command} failed ({process.ExitCode}): {await output}{await error}");
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterServices>
{
    public const string Name = "cluster";
}
