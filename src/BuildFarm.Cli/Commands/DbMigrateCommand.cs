using System.CommandLine;
using BuildFarm.Cli.Local;
using BuildFarm.Storage.Postgres;

namespace BuildFarm.Cli.Commands;

public static class DbMigrateCommand
{
    public static Command Create(CliContext context)
    {
        var postgres = new Option<string>("--postgres")
        {
            Description = "The PostgreSQL connection string (default: Farm:Postgres from appsettings.json or Farm__Postgres)",
            HelpName = "CONN",
        };
        var command = new Command("migrate",
            "Create or update the cluster profile's PostgreSQL schema (idempotent: safe to run again, and from several nodes at once)") { postgres };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var connection = parse.GetValue(postgres) ?? ServerConfiguration.Bind(ServerConfiguration.Load()).Postgres
                ?? throw new CliException("no PostgreSQL connection string: pass --postgres CONN, or set Farm:Postgres in appsettings.json or Farm__Postgres in the environment");
            IReadOnlyList<PostgresSchema.Script> scripts;
            try
            {
                scripts = await PostgresSchema.MigrateAsync(connection, cancellationToken);
            }
            catch (Exception e) when (e is DatabaseUnavailableException or InvalidOperationException)
            {
                throw new CliException(e.Message);
            }
            foreach (var script in scripts) context.Terminal.Line($"applied {script.Name} (sha256 {script.Sha256[..12]})");
            context.Terminal.Line($"schema up to date ({PostgresSchema.Describe(connection)})");
            return 0;
        });
        return command;
    }
}
