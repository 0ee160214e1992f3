namespace BuildFarm.Grains;

/// <summary>
/// One schedule trigger (keyed <c>pipeline/triggers[N]</c>): a durable clock over cron slots. A reminder survives
/// restarts, a timer hits each slot on time, and the last slot fired is persisted first, so no slot fires twice.
/// </summary>
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Starts, changes (a new cron or zone starts counting from now) or, with null, stops the schedule.</summary>
    [OneWay] Task ConfigureAsync(ScheduleConfiguration? configuration);

    [AlwaysInterleave] Task<ScheduleStatus> GetStatusAsync();

    static string KeyOf(string pipeline, string source) => $"{pipeline}/{source}";
}

[GenerateSerializer, Immutable, Alias("schedule-configuration")]
public sealed record ScheduleConfiguration
{
    [Id(0)] public required string Pipeline { get; init; }
    [Id(1)] public required string Source { get; init; }
    [Id(2)] public required string Cron { get; init; }
    [Id(3)] public required string TimeZone { get; init; }
}

[GenerateSerializer, Immutable, Alias("schedule-status")]
public sealed record ScheduleStatus
{
    [Id(0)] public bool Active { get; init; }
    [Id(1)] public DateTimeOffset? LastSlot { get; init; }
    [Id(2)] public DateTimeOffset? NextSlot { get; init; }
    [Id(3)] public DateTimeOffset? LastCheckAt { get; init; }
}
