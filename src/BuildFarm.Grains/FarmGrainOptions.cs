namespace BuildFarm.Grains;

/// <summary>Timing rules the grains apply; the host binds them from its own options.</summary>
public sealed class FarmGrainOptions
{
    /// <summary>A lease not renewed for this long expires and its job goes back to the queue.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often agents send heartbeats; an agent silent for three intervals is shown as lost.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The durable wake-up of unfinished executions (Orleans reminders fire at most once a minute by default).</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The storage provider name every grain's state uses.</summary>
    public const string StorageName = "farm";
}
