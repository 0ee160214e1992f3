namespace BuildFarm.Grains.Triggers;

/// <summary>Timing and places of the trigger grains; the host binds them from its own options.</summary>
public sealed class TriggerOptions
{
    /// <summary>How often each watched repository is polled with <c>git ls-remote</c>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Each wait is the interval plus up to this fraction more, so repositories do not all poll at once.</summary>
    public double PollJitter { get; set; } = 0.2;

    /// <summary>The durable wake-up of repositories and schedules (timers die with an activation; reminders do not).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the server keeps bare mirrors of watched repositories.</summary>
    public string MirrorDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "buildfarm-mirrors");
}
