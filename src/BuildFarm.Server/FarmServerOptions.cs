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

    /// <summary>How often each watched git repository is polled (plus up to 20% jitter).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Server logs on the console (off for `farm run`, whose console shows progress).</summary>
    public bool LogToConsole { get; set; } = true;

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".buildfarm");
}
