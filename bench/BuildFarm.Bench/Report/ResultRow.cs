namespace BuildFarm.Bench.Report;

/// <summary>
/// One line of the table: a figure of the farm, the baseline measured in the same run, their ratio, the target and
/// whether the figure meets it (null when the row has no target of its own).
/// </summary>
public sealed record ResultRow(string Scenario, string Profile, string Measure, string Farm, string Baseline, string Ratio, string Target, bool? Met)
{
    /// <summary>A scenario that could not run in this profile; the reason stands in the farm column.</summary>
    public static ResultRow NotRun(string scenario, string profile, string reason) =>
        new(scenario, profile, "not run", reason, "", "", "", null);
}
