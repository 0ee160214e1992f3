using BuildFarm.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BuildFarm.Storage.Postgres;

/// <summary>The cluster profile's Orleans wiring on PostgreSQL: ADO.NET clustering, grain storage and reminders; executions.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql; every ADO.NET provider defaults to SQL Server without it.</summary>
    public const string Invariant = "Npgsql";

    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString) =>
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, string connectionString) =>
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

    /// <summary>
    /// Grain storage <paramref name="name"/> in PostgreSQL through the ADO.NET provider, in Orleans' binary format
    /// (the same format the local profile's SQLite storage writes), behind <see cref="ClusterGrainStorage"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString, TimeSpan retryLimit) =>
        builder.ConfigureServices(services =>
        {
            services.AddKeyedSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>(name);
            services.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            // Replace the provider's registration with the wrapped one; its lifecycle registration resolves this key.
            var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
            services.Remove(registered);
            services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new ClusterGrainStorage(
                AdoNetGrainStorageFactory.Create(provider, name),
                provider.GetRequiredKeyedService<IGrainStorageSerializer>(name),
                Retry(provider, retryLimit)));
        });

    /// <summary>
    /// The executions (<see cref="IExecutionStore"/>) in PostgreSQL, in the tables of deploy/postgres/004-executions.sql,
    /// retried like grain state.
    /// </summary>
    public static ISiloBuilder AddPostgresExecutionStore(this ISiloBuilder builder, string connectionString, TimeSpan retryLimit) =>
        builder.ConfigureServices(services => services.AddSingleton<IExecutionStore>(provider =>
            new PostgresExecutionStore(connectionString, Retry(provider, retryLimit))));

    private static DatabaseRetry Retry(IServiceProvider provider, TimeSpan retryLimit) => new(
        provider.GetRequiredService<IGrainContextAccessor>(), retryLimit, provider.GetRequiredService<ILogger<DatabaseRetry>>());
}
