namespace BuildFarm.Cli.Watching;

/// <summary>One line of progress: when, what (<c>Build/Compile</c>), its new status, and the detail after it.</summary>
public sealed record ProgressEvent(DateTimeOffset At, string Subject, string Status, string Detail);
