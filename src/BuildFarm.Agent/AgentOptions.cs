namespace BuildFarm.Agent;

/// <summary>How one agent process runs (`farm agent` flags).</summary>
public sealed class AgentOptions
{
    /// <summary>Server gRPC addresses; the agent uses the first that answers and moves on when one fails.</summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>The registration token.</summary>
    public required string Token { get; init; }

    public string Name { get; init; } = Environment.MachineName;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public int Slots { get; init; } = 1;

    /// <summary>Workspaces, the local blob cache and the agent's identity (agent.json) live here.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>How long one Acquire long-poll waits for work.</summary>
    public TimeSpan AcquireWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Materialize inputs as hard links to the blob cache instead of copies (much faster for many files; for jobs that do
    /// not write into their input files in place, see <see cref="Transfer.LinkedInputs"/>).
    /// </summary>
    public bool LinkInputs { get; init; }

    /// <summary>How often a running job's log is shipped (sooner when 64 KiB are waiting); its end goes with the result.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Between SIGTERM and SIGKILL when a job is cancelled or times out.</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the agent writes one line per job start and end (and connection events).</summary>
    public TextWriter Output { get; init; } = Console.Out;
}
