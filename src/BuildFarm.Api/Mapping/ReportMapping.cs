using BuildFarm.Core.Reports;
using Google.Protobuf.WellKnownTypes;

namespace BuildFarm.Api.Mapping;

/// <summary>Test report summaries between Core and the wire.</summary>
public static class ReportMapping
{
    public static V1.TestReportSummary ToProto(this TestReportSummary summary) => new()
    {
        Group = summary.Group,
        Format = summary.Format,
        Total = summary.Counts.Total,
        Passed = summary.Counts.Passed,
        Failed = summary.Counts.Failed,
        Skipped = summary.Counts.Skipped,
        Errors = summary.Counts.Errors,
        Report = summary.Report.ToProto(),
        Duration = Duration.FromTimeSpan(summary.Duration),
    };

    public static TestReportSummary ToCore(this V1.TestReportSummary summary) => new()
    {
        Group = summary.Group,
        Format = summary.Format,
        Counts = new TestCounts(summary.Total, summary.Passed, summary.Failed, summary.Skipped, summary.Errors),
        Report = summary.Report?.ToCore() ?? default,
        Duration = summary.Duration?.ToTimeSpan() ?? TimeSpan.Zero,
    };
}
