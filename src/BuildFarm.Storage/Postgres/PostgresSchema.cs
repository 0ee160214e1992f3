using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace BuildFarm.Storage.Postgres;

/// <summary>
/// The cluster profile's PostgreSQL schema (deploy/postgres/*.sql, embedded): tables, membership functions and the
/// query texts of the Orleans ADO.NET providers. Every script is idempotent and every migration runs all of them in
/// one transaction under an advisory lock, so running it twice, on restart, or from several nodes at once is safe.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Serializes migrations across processes; the number is arbitrary but fixed ("farm" in ASCII).</summary>
    private const long AdvisoryLockKey = 0x6661726d;

    public sealed record Script(string Name, string Text)
    {
        public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));
    }

    /// <summary>The scripts in the order they run (by file name).</summary>
    public static IReadOnlyList<Script> Scripts { get; } = LoadScripts();

    /// <summary>Brings the database's schema up to date and answers the scripts that ran.</summary>
    public static async Task<IReadOnlyList<Script>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new DatabaseUnavailableException($"cannot connect to PostgreSQL to migrate the schema ({Describe(connectionString)}): {e.Message}", e);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        foreach (var script in Scripts)
        {
            try
            {
                await ExecuteAsync(connection, transaction, script.Text, cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"schema script {script.Name} failed: {e.SqlState}: {e.MessageText}", e);
            }
            await using var record = new NpgsqlCommand(
                """
                INSERT INTO farm_schema_script (name, sha256, applied_at) VALUES (@name, @sha256, now())
                ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = excluded.applied_at
                """, connection, transaction);
            record.Parameters.AddWithValue("name", script.Name);
            record.Parameters.AddWithValue("sha256", script.Sha256);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Scripts;
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {builder.Host}, port {builder.Port}, database {builder.Database ?? builder.Username}";
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Script> LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("postgres/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Script(n["postgres/".Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
