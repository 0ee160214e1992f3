using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Cli.Rendering;

/// <summary>Short, stable forms of durations and times: <c>850ms</c>, <c>1.2s</c>, <c>2m05s</c>, <c>1h02m</c>.</summary>
public static class Durations
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;
        if (duration < TimeSpan.FromSeconds(1))
            return ((int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        if (duration < TimeSpan.FromMinutes(1))
            return (Math.Floor(duration.TotalSeconds * 10) / 10).ToString("0.0", CultureInfo.InvariantCulture) + "s";
        if (duration < TimeSpan.FromHours(1))
            return $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s";
        return $"{(int)duration.TotalHours}h{duration.Minutes:00}m";
    }

    /// <summary>The time between two timestamps, or "" when either is missing.</summary>
    public static string Between(Timestamp? start, Timestamp? end) =>
        start is null || end is null ? "" : Format(end.ToDateTimeOffset() - start.ToDateTimeOffset());

    /// <summary>A timestamp in local time (<c>2025-01-31 12:00:01</c>), or "" when missing.</summary>
    public static string Time(Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The clock time alone (<c>12:00:01</c>), for progress lines.</summary>
    public static string Clock(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
