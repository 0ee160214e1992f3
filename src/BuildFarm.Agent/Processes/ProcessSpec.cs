namespace BuildFarm.Agent.Processes;

/// <summary>One process to run in its own process group.</summary>
internal sealed record ProcessSpec
{
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public required string WorkingDirectory { get; init; }

    /// <summary>Added to (and overriding) the agent's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Null or zero: no timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}

internal enum ProcessEnd { Exited, TimedOut, Cancelled }

internal sealed record ProcessOutcome(int ExitCode, ProcessEnd End, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
