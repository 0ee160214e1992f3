using System.Net;
using BuildFarm.Server.Hosting;
using BuildFarm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace BuildFarm.Storage.Tests;

/// <summary>The providers as a silo wires them: state and reminders survive a restart of the silo.</summary>
public sealed class SiloWiringTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string DatabasePath => _folder.Combine("data", "farm.db");

    private async Task<IHost> StartSilo()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Find(IPAddress.Loopback), FreePort.Find(IPAddress.Loopback))
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = ("storage-tests", "storage-tests"))
            .AddSqliteGrainStorage("farm", DatabasePath)
            .UseSqliteReminderService(DatabasePath));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task Stop(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public async Task Grain_state_and_reminders_survive_a_silo_restart()
    {
        var silo = await StartSilo();
        var counter = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("c1");
        await counter.Increment();
        await counter.Increment();
        Assert.Equal(3, await counter.Increment());
        await counter.ScheduleWakeUp();
        await Stop(silo);

        silo = await StartSilo();
        try
        {
            var reminders = silo.Services.GetRequiredService<IReminderTable>();
            Assert.IsType<SqliteReminderTable>(reminders);
            var wake = await reminders.ReadRow(GrainId.Create("counter", "c1"), "wake");
            Assert.NotNull(wake);
            Assert.Equal(TimeSpan.FromMinutes(5), wake.Period);
            Assert.Equal(3, await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("c1").Get());
        }
        finally
        {
            await Stop(silo);
        }
    }
}
