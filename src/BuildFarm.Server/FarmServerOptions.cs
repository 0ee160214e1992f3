using Microsoft.Extensions.Configuration;

namespace BuildFarm.Server;

/// <summary>How one server node runs. Bound from configuration section "Farm" (and from `farm server` flags).</summary>
public sealed class FarmServerOptions
{
    public const string Section = "Farm";

    /// <summary>local (embedded: SQLite state, filesystem CAS, in the data folder) or cluster.</summary>
    public string Profile { get; set; } = "local";

    /// <summary>Where the local profile keeps state, blobs, logs and tokens.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>The HTTP/2 (gRPC) port; 0 picks a free one.</summary>
    public int GrpcPort { get; set; } = 7420;

    /// <summary>The HTTP/1.1 port (health, metrics); 0 picks a free one.</summary>
    public int HttpPort { get; set; } = 7421;

    /// <summary>The address to listen on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a job's lease lives without a heartbeat renewing it.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often agents are told to send heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The admin API token; the local profile creates one in the data folder when this is not set.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The token agents register with; the local profile creates one in the data folder when this is not set.</summary>
    public string? RegistrationToken { get; set; }

    /// <summary>
    /// The key the farm's secrets are encrypted with: base64 of 32 bytes. Required in a cluster (every node must read
    /// what another stored); the local profile uses <c>DATA/secrets.key</c> when it is not set.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>How often each watched git repository is polled (plus up to 20% jitter).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Server logs on the console (off for `farm run`, whose console shows progress).</summary>
    public bool LogToConsole { get; set; } = true;

    // The cluster profile (README "Cluster profile"); the local profile ignores these.

    /// <summary>Cluster: the PostgreSQL connection string (membership, grain state, reminders). Required.</summary>
    public string? Postgres { get; set; }

    /// <summary>Cluster: the Azure Blob storage connection string (artifacts and logs). Required.</summary>
    public string? Blob { get; set; }

    /// <summary>Cluster: the blob container that holds artifacts (cas/sha256/HASH) and logs (logs/JOB.log).</summary>
    public string BlobContainer { get; set; } = "buildfarm";

    /// <summary>Cluster: the Orleans cluster id; nodes with the same id and database form one cluster.</summary>
    public string ClusterId { get; set; } = "buildfarm";

    /// <summary>Cluster: the Orleans service id; grain state and reminders are stored under it, so keep it fixed.</summary>
    public string ServiceId { get; set; } = "buildfarm";

    /// <summary>Cluster: the port nodes talk to each other on (Orleans silo port).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Cluster: the Orleans gateway port (0: none; clients use gRPC).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster: the address other nodes reach this one at; default the listen address, or the machine's (or POD_IP) when listening on 0.0.0.0.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster: create or update the database schema before the node starts (as `farm db migrate` does).</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Cluster: how long grain storage retries a database that does not answer before the call fails.</summary>
    public TimeSpan DatabaseRetryLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cluster: the period of each execution's durable watchdog reminder.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cluster: run under Kubernetes (Orleans' Kubernetes hosting: pod name, POD_IP, defunct silo cleanup).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Further configuration for the node (the "Orleans:Membership" section tunes failure detection).</summary>
    public IConfiguration? Configuration { get; set; }

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".buildfarm");
}
