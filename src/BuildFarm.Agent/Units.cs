using System.Globalization;

namespace BuildFarm.Agent;

/// <summary>Short human forms for messages: durations ("250ms", "1.5s", "5m", "1h30m") and sizes ("12 B", "1.2 MiB").</summary>
internal static class Units
{
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return ((int)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        if (span < TimeSpan.FromMinutes(2)) return Math.Round(span.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture) + "s";
        var hours = (int)span.TotalHours;
        return (hours > 0 ? $"{hours}h" : "") + (span.Minutes > 0 ? $"{span.Minutes}m" : "") + (span.Seconds > 0 ? $"{span.Seconds}s" : "");
    }

    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : Math.Round(value, 1).ToString(CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
