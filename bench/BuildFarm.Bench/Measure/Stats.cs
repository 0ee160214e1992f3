namespace BuildFarm.Bench.Measure;

/// <summary>Summaries of repeated measurements.</summary>
public static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile (p in 0..100).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) throw new BenchException("no samples to summarize");
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Milliseconds(Google.Protobuf.WellKnownTypes.Timestamp from, Google.Protobuf.WellKnownTypes.Timestamp to) =>
        (to.ToDateTimeOffset() - from.ToDateTimeOffset()).TotalMilliseconds;
}
