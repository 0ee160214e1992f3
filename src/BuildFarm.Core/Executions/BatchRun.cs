using System.Text.Json.Serialization;
using BuildFarm.Core.Content;

namespace BuildFarm.Core.Executions;

public enum BatchChildStatus { Pending, Queued, InProgress, Succeeded, Failed, Abandoned, Skipped }

/// <summary>
/// The builds of a batch, kept with the action attempt whose job planned them. The attempt stays in progress until every
/// build has ended; its own lease ended with the planning job, each build has its own.
/// </summary>
public sealed class BatchRun
{
    public string Kind { get; set; } = "";
    public bool FastFail { get; set; }
    public List<BatchChildRun> Children { get; set; } = [];
    /// <summary>Every build succeeded (or may fail) and the combined artifacts are being written.</summary>
    public bool Combining { get; set; }
    /// <summary>What ended the batch early (fast-fail), if anything did.</summary>
    public string? Outcome { get; set; }
}

/// <summary>One build of a batch: what it runs differently and its attempts (each a job with its own lease and log).</summary>
public sealed class BatchChildRun
{
    public string Identifier { get; set; } = "";
    public Dictionary<string, string> Variables { get; set; } = [];
    public string? Buildspec { get; set; }
    public List<string> DependOn { get; set; } = [];
    public bool IgnoreFailure { get; set; }
    public int ShardIndex { get; set; }
    public int ShardCount { get; set; }
    public BatchChildStatus Status { get; set; }
    /// <summary>Why it did not run (a dependency failed, fast-fail, a stop).</summary>
    public string? Message { get; set; }
    public List<ActionAttempt> Attempts { get; set; } = [];

    [JsonIgnore]
    public ActionAttempt? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];

    [JsonIgnore]
    public bool IsOver => Status is BatchChildStatus.Succeeded or BatchChildStatus.Failed or BatchChildStatus.Abandoned or BatchChildStatus.Skipped;

    public static BatchChildRun From(BatchChildPlan plan) => new()
    {
        Identifier = plan.Identifier,
        Variables = new Dictionary<string, string>(plan.Variables),
        Buildspec = plan.Buildspec,
        DependOn = plan.DependOn.ToList(),
        IgnoreFailure = plan.IgnoreFailure,
        ShardIndex = plan.ShardIndex,
        ShardCount = plan.ShardCount,
    };

    public BatchChildPlan ToPlan() => new()
    {
        Identifier = Identifier,
        Variables = Variables,
        Buildspec = Buildspec,
        DependOn = DependOn,
        IgnoreFailure = IgnoreFailure,
        ShardIndex = ShardIndex,
        ShardCount = ShardCount,
    };
}

/// <summary>
/// The grain's work when a batch succeeded: write one tree per declared output that holds every build's tree under a
/// folder named by its identifier, then give the digests to <see cref="ExecutionRun.CompleteBatch"/>.
/// </summary>
public sealed record BatchCombine(string JobId, IReadOnlyList<BatchOutput> Outputs);

public sealed record BatchOutput(string Name, IReadOnlyList<(string Identifier, Digest Tree)> Parts);
