using System.Text.Json.Serialization;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

public enum ConditionStatus { InProgress, Passed, Failed, Abandoned }

public enum RuleStatus { Pending, InProgress, Succeeded, Failed, Abandoned }

/// <summary>One evaluation of a stage condition: its rules in order, what they found, and what it did to the stage.</summary>
public sealed class ConditionRun
{
    public ConditionKind Kind { get; set; }
    public ConditionResult Result { get; set; }
    public ConditionStatus Status { get; set; }
    /// <summary>What the evaluation led to ("stage skipped", "rollback requested", ...).</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public List<RuleRun> Rules { get; set; } = [];
}

/// <summary>One rule of a condition evaluation. A Commands rule runs as jobs, kept like an action's attempts.</summary>
public sealed class RuleRun
{
    public string Name { get; set; } = "";
    public string Provider { get; set; } = "";
    public RuleStatus Status { get; set; }
    public string? Message { get; set; }
    public Dictionary<string, string> ResolvedConfiguration { get; set; } = [];
    public List<ActionAttempt> Attempts { get; set; } = [];

    [JsonIgnore]
    public ActionAttempt? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];
}

/// <summary>Names a Commands rule's job: <c>{execution}/{stage}/{condition}/{rule}/{attempt}</c> (five parts; actions have four).</summary>
public readonly record struct RuleJobId(string ExecutionId, string Stage, ConditionKind Kind, string Rule, int Attempt)
{
    /// <summary>How the rule is addressed where an action would be: <c>beforeEntry/RULE</c>.</summary>
    public string ActionPath => $"{ConditionNames.Field(Kind)}/{Rule}";

    public override string ToString() => $"{ExecutionId}/{Stage}/{ActionPath}/{Attempt}";

    public static bool TryParse(string? text, out RuleJobId id)
    {
        id = default;
        var parts = text?.Split('/');
        if (parts is not { Length: 5 } || !int.TryParse(parts[4], out var attempt) || attempt < 1 || !TryParseKind(parts[2], out var kind))
            return false;
        id = new RuleJobId(parts[0], parts[1], kind, parts[3], attempt);
        return true;
    }

    /// <summary>Reads <c>beforeEntry/RULE</c> (as given where an action name goes) into its kind and rule.</summary>
    public static bool TryParsePath(string path, out ConditionKind kind, out string rule)
    {
        var slash = path.IndexOf('/');
        rule = slash < 0 ? "" : path[(slash + 1)..];
        kind = default;
        return slash > 0 && rule.Length > 0 && !rule.Contains('/') && TryParseKind(path[..slash], out kind);
    }

    private static bool TryParseKind(string text, out ConditionKind kind)
    {
        foreach (var candidate in Enum.GetValues<ConditionKind>())
            if (ConditionNames.Field(candidate) == text)
            {
                kind = candidate;
                return true;
            }
        kind = default;
        return false;
    }
}
