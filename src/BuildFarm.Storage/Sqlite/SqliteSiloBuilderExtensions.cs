using BuildFarm.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BuildFarm.Storage.Sqlite;

public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds a grain storage provider named <paramref name="name"/> that keeps state in the SQLite file at
    /// <paramref name="databasePath"/>, serialized in Orleans' binary format.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return builder.ConfigureServices(services =>
        {
            services.TryAddSingleton<SqliteDatabases>();
            services.AddKeyedSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>(name);
            services.AddGrainStorage(name, (provider, key) => new SqliteGrainStorage(
                key,
                provider.GetRequiredService<SqliteDatabases>().Get(databasePath),
                provider.GetRequiredKeyedService<IGrainStorageSerializer>(key),
                provider.GetRequiredService<IActivatorProvider>()));
        });
    }

    /// <summary>Keeps executions (<see cref="IExecutionStore"/>) in the SQLite file at <paramref name="databasePath"/>.</summary>
    public static ISiloBuilder AddSqliteExecutionStore(this ISiloBuilder builder, string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return builder.ConfigureServices(services =>
        {
            services.TryAddSingleton<SqliteDatabases>();
            services.AddSingleton<IExecutionStore>(provider => new SqliteExecutionStore(provider.GetRequiredService<SqliteDatabases>().Get(databasePath)));
        });
    }

    /// <summary>Keeps reminders in the SQLite file at <paramref name="databasePath"/> and enables the reminder service.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        builder.AddReminders();
        return builder.ConfigureServices(services =>
        {
            services.TryAddSingleton<SqliteDatabases>();
            services.AddSingleton(provider => new SqliteReminderTable(provider.GetRequiredService<SqliteDatabases>().Get(databasePath)));
            services.AddSingleton<IReminderTable>(provider => provider.GetRequiredService<SqliteReminderTable>());
        });
    }
}
