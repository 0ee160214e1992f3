using BuildFarm.Grains;
using BuildFarm.Grains.Secrets;
using BuildFarm.Grains.Triggers;
using BuildFarm.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace BuildFarm.Grains.Tests;

/// <summary>An in-process silo whose state and reminders live in a real SQLite file, as in the local profile.</summary>
public sealed class FarmCluster : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "farm-grains-" + Guid.NewGuid().ToString("n"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Long enough that no lease expires by itself on a loaded machine; tests that need expiry move <see cref="Clock"/>.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(10);

    /// <summary>The watchdog period: an execution checks its deadlines at least this often.</summary>
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The grains' clock; tests move it forward to reach deadlines (approvals) without waiting for them.</summary>
    public static TestClock Clock { get; } = new();

    /// <summary>The content store the grains check action cache entries against and write combined batch trees to.</summary>
    public StoreArtifacts Artifacts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        Artifacts = new StoreArtifacts(new Storage.Content.FileSystemContentStore(Path.Combine(directory, "cas")));
        var database = Path.Combine(directory, "farm.db");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(FarmGrainOptions.StorageName, database);
            silo.AddSqliteExecutionStore(database);
            silo.UseSqliteReminderService(database);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddBuildFarmSerialization();
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.Configure<FarmGrainOptions>(o =>
            {
                o.LeaseTtl = LeaseTtl;
                o.WatchdogPeriod = WatchdogPeriod;
            });
            silo.Services.AddSingleton(new SecretCipher(SecretCipher.NewKey()));
            silo.Services.AddSingleton<Content.IArtifactStore>(Artifacts);
            silo.Services.Configure<TriggerOptions>(o =>
            {
                o.PollInterval = PollInterval;
                o.MirrorDirectory = Path.Combine(directory, "mirrors");
            });
        });
        builder.ConfigureClient(client => client.Services.AddBuildFarmSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class FarmClusterCollection : ICollectionFixture<FarmCluster>
{
    public const string Name = "farm cluster";
}
