using System.Diagnostics;
using BuildFarm.Agent.Logs;
using BuildFarm.Agent.Transfer;
using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Reports;
using Digest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// reports: parses each group's files after the build (whether it failed or not), stores each group's full report
/// as JSON in the content store and answers the summaries. A file that cannot be read is logged and left out; it
/// does not fail the build (as in CodeBuild).
/// </summary>
internal sealed class ReportCollector(ArtifactUploader uploader)
{
    public async Task<IReadOnlyList<TestReportSummary>> CollectAsync(IReadOnlyList<ReportGroupSection> groups, string sourceDirectory, string scratch,
        LogChunker log, CancellationToken cancellationToken)
    {
        if (groups.Count == 0) return [];
        Directory.CreateDirectory(scratch);
        var summaries = new List<TestReportSummary>();
        var stored = new List<LocalFile>();
        foreach (var group in groups)
        {
            var report = Parse(group, sourceDirectory, log);
            if (report is null) continue;
            var json = TestReportCodec.Encode(report);
            var file = Path.Combine(scratch, $"{summaries.Count}.json");
            await File.WriteAllBytesAsync(file, json, cancellationToken);
            stored.Add(new LocalFile($"{summaries.Count}.json", file, 0b110_100_100));
            summaries.Add(new TestReportSummary
            {
                Group = group.Name,
                Format = group.FileFormat,
                Counts = report.Counts(),
                Report = Digest.Of(json),
                Duration = TimeSpan.FromTicks(report.Cases.Sum(c => c.Duration.Ticks)),
            });
        }
        if (stored.Count > 0)
            await TransferGuard.RunAsync("test reports", () => uploader.UploadAsync(stored, cancellationToken));
        return summaries;
    }

    private static TestReport? Parse(ReportGroupSection group, string sourceDirectory, LogChunker log)
    {
        IReadOnlyList<LocalFile> files;
        try
        {
            files = SectionFiles.Select(sourceDirectory, $"report group '{group.Name}'", group.BaseDirectory, group.Files, [], discardPaths: false);
        }
        catch (JobFailureException e)
        {
            log.WriteLine($"[farm] report '{group.Name}': {e.Message}");
            return null;
        }
        if (files.Count == 0)
        {
            log.WriteLine($"[farm] report '{group.Name}': no file matches {string.Join(", ", group.Files)}");
            return null;
        }
        var clock = Stopwatch.StartNew();
        var cases = new List<TestCase>();
        foreach (var file in files)
        {
            try
            {
                using var stream = File.OpenRead(file.FullPath);
                cases.AddRange(TestReportParser.Parse(group.FileFormat, stream));
            }
            catch (TestReportException e)
            {
                log.WriteLine($"[farm] report '{group.Name}': {file.RelativePath} is not a {group.FileFormat} report: {e.Message}");
            }
        }
        var report = new TestReport { Group = group.Name, Format = group.FileFormat, Cases = cases };
        log.WriteLine($"[farm] report '{group.Name}' ({group.FileFormat}): {files.Count} file(s), {report.Counts()}; parsed in {clock.ElapsedMilliseconds} ms");
        return report;
    }
}
