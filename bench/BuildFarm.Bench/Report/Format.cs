using System.Globalization;

namespace BuildFarm.Bench.Report;

/// <summary>Numbers as the table shows them.</summary>
public static class Format
{
    public static string Ms(double ms) => ms >= 10_000 ? Seconds(ms / 1000) : ms.ToString(ms >= 100 ? "0" : ms >= 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Ratio(double r) => r.ToString(r >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
