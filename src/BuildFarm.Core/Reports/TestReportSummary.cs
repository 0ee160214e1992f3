using BuildFarm.Core.Content;

namespace BuildFarm.Core.Reports;

/// <summary>
/// What an attempt keeps of one report group: the counts, and the digest of the full report (its JSON, see
/// <see cref="TestReportCodec"/>) in the content store, so a report of 10,000 cases does not bloat the execution state.
/// </summary>
public sealed record TestReportSummary
{
    public required string Group { get; init; }
    public required string Format { get; init; }
    public required TestCounts Counts { get; init; }
    public required Digest Report { get; init; }
    public TimeSpan Duration { get; init; }
}
