using Npgsql;

namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MigrationTests(ClusterServices services)
{
    [Fact]
    public async Task Two_nodes_started_together_on_an_empty_database_both_come_up_and_serve_a_pipeline()
    {
        // MigrateFirst = false: each node runs the migration itself (--migrate) at the same moment.
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions
        {
            Agents = 1,
            MigrateFirst = false,
            Settings = new Dictionary<string, string> { ["Farm__MigrateOnStart"] = "true" },
        });
        Assert.True(farm.Nodes.All(n => n.Alive));
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("migrated", width: 2), "migrated.yaml", applyOn: 1, startOn: 2);
        ExecutionAssert.SucceededOnce(await farm.WaitForEndAsync(id), farm.Scratch);
        Assert.Equal(4, await ScalarAsync<long>(farm.Postgres, "SELECT count(*) FROM farm_schema_script"));
    }

    [Fact]
    public async Task Migrating_twice_and_concurrently_is_safe_and_leaves_the_same_schema()
    {
        var postgres = await services.CreateDatabaseAsync("farm_migrate_" + Guid.NewGuid().ToString("n")[..8]);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MigrateAsync(postgres)));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output));
        var schema = await SchemaAsync(postgres);
        var again = await MigrateAsync(postgres);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("schema up to date", again.Output);
        Assert.Equal(schema, await SchemaAsync(postgres));
        Assert.Equal(20, await ScalarAsync<long>(postgres, "SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task Migrating_an_unreachable_database_fails_with_a_message_that_names_it()
    {
        var result = await MigrateAsync("Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=3");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot connect to PostgreSQL to migrate the schema (host 127.0.0.1, port 1, database nowhere)", result.Output);
    }

    private static async Task<CliResult> MigrateAsync(string postgres)
    {
        var log = Path.Combine(Path.GetTempPath(), $"farm-migrate-{Guid.NewGuid():n}.log");
        try
        {
            return await ClusterFarm.RunCliAsync(log, "db", "migrate", "--postgres", postgres);
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Tables, columns, functions and query keys: what a second migration must leave as it was.</summary>
    private static async Task<string> SchemaAsync(string postgres) => string.Join("\n",
        await ListAsync(postgres, "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"),
        await ListAsync(postgres, "SELECT proname FROM pg_proc WHERE proname LIKE 'farm_%' ORDER BY 1"),
        await ListAsync(postgres, "SELECT querykey || '=' || md5(querytext) FROM orleansquery ORDER BY 1"));

    private static async Task<string> ListAsync(string postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return string.Join("\n", rows);
    }

    private static async Task<T> ScalarAsync<T>(string postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
