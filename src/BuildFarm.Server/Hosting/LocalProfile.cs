using System.Net;
using BuildFarm.Grains;
using BuildFarm.Storage.Content;
using BuildFarm.Storage.Logs;
using BuildFarm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace BuildFarm.Server.Hosting;

/// <summary>The embedded profile: one silo on loopback, state and reminders in SQLite, blobs and logs in the data folder.</summary>
public static class LocalProfile
{
    public static void AddLocalProfile(this IHostApplicationBuilder builder, FarmServerOptions options)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "farm.db");
        builder.UseOrleans(silo =>
        {
            // No Orleans gateway (port 0): nothing outside this process talks Orleans; clients use gRPC.
            silo.UseLocalhostClustering(siloPort: FreePort.Find(IPAddress.Loopback), gatewayPort: 0, serviceId: "buildfarm", clusterId: "local");
            silo.AddSqliteGrainStorage(FarmGrainOptions.StorageName, database);
            silo.AddSqliteExecutionStore(database);
            silo.UseSqliteReminderService(database);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.Services.AddSingleton<IContentStore>(new FileSystemContentStore(Path.Combine(data, "cas")));
        builder.Services.AddSingleton<ILogStore>(new FileSystemLogStore(Path.Combine(data, "logs")));
    }
}
