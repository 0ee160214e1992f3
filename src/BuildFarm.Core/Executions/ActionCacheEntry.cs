using BuildFarm.Core.Content;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Executions;

/// <summary>
/// A successful attempt's result, kept under its action cache key: what a later attempt with the same key takes instead
/// of running, when every blob it names is still in the content store.
/// </summary>
public sealed record ActionCacheEntry
{
    public required string Key { get; init; }
    public required IReadOnlyDictionary<string, Digest> Outputs { get; init; }
    public IReadOnlyDictionary<string, string> OutputVariables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<TestReportSummary> Reports { get; init; } = [];
    public required string ExecutionId { get; init; }
    public required string Stage { get; init; }
    public required string Action { get; init; }
    public required int Attempt { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }

    public IEnumerable<Digest> ReportBlobs => Reports.Select(r => r.Report);
}

/// <summary>An attempt served from the action cache: where the result it took was made.</summary>
public sealed class CacheHitRecord
{
    public string Key { get; set; } = "";
    public string ExecutionId { get; set; } = "";
    public string Stage { get; set; } = "";
    public string Action { get; set; } = "";
    public int Attempt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>An attempt waiting for the grain to look its key up in the action cache before it is queued.</summary>
public sealed record CacheLookup(string JobId, string Key);

/// <summary>What the lookup found: an entry whose blobs are all present, or null (a miss).</summary>
public sealed record CacheAnswer(string JobId, ActionCacheEntry? Entry);
