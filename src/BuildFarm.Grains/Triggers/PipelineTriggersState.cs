using BuildFarm.Core.Definitions;

namespace BuildFarm.Grains.Triggers;

[GenerateSerializer, Alias("pipeline-triggers-state")]
public sealed class PipelineTriggersState
{
    /// <summary>The newest declaration; null once the pipeline is deleted.</summary>
    [Id(0)] public PipelineDefinition? Definition { get; set; }
    /// <summary>By trigger source (<c>triggers[0]</c>).</summary>
    [Id(1)] public Dictionary<string, TriggerRuntime> Runtime { get; set; } = [];
    [Id(2)] public List<string> Repositories { get; set; } = [];
    [Id(3)] public List<string> Schedules { get; set; } = [];
    [Id(4)] public List<string> Upstreams { get; set; } = [];
}

/// <summary>What one trigger has seen and done.</summary>
[GenerateSerializer, Alias("trigger-runtime")]
public sealed class TriggerRuntime
{
    public const int MaxStarted = 20;
    public const int MaxHandled = 200;

    [Id(0)] public string Watches { get; set; } = "";
    [Id(1)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(2)] public string? LastResult { get; set; }
    [Id(3)] public List<TriggeredExecutionRecord> Started { get; set; } = [];
    /// <summary>Keys of events already handled (a change, a slot, an upstream execution): each is acted on once.</summary>
    [Id(4)] public List<string> Handled { get; set; } = [];
    [Id(5)] public string? LastExecutionId { get; set; }

    public void Record(TriggeredExecutionRecord record, string key)
    {
        Started.Insert(0, record);
        if (Started.Count > MaxStarted) Started.RemoveRange(MaxStarted, Started.Count - MaxStarted);
        Handled.Add(key);
        if (Handled.Count > MaxHandled) Handled.RemoveRange(0, Handled.Count - MaxHandled);
        if (record.ExecutionId is not null && record.Skipped is null) LastExecutionId = record.ExecutionId;
    }
}
