using System.Text.RegularExpressions;

namespace BuildFarm.Core.Definitions;

/// <summary>
/// Labels an agent offers (<c>farm agent --labels os=linux,size=large</c>) and an action requires (<c>labels:</c>).
/// A job goes only to an agent whose labels include every label the action requires. The label <c>pool</c> picks the
/// queue: an agent serves the pool its <c>pool</c> label names (<c>default</c> without one), and an action's jobs wait in
/// the pool it requires (<c>default</c> without one), so the other labels are matched only among one pool's agents.
/// </summary>
public static partial class AgentLabels
{
    public const string PoolKey = "pool";
    public const string DefaultPool = "default";
    public const int MaxLabels = 20;

    private const string Rule = "1 to 63 characters from A-Z a-z 0-9 . - _, starting with a letter or digit";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,62}\z")]
    private static partial Regex Pattern();

    public static string? KeyProblem(string key) =>
        Pattern().IsMatch(key) ? null : key.Length == 0 ? $"a label key is empty; use {Rule}" : $"'{key}' is not a valid label key: use {Rule}";

    public static string? ValueProblem(string key, string value) =>
        Pattern().IsMatch(value) ? null
        : value.Length == 0 ? $"label '{key}' has an empty value; use {Rule}"
        : $"'{value}' is not a valid value for label '{key}': use {Rule}";

    /// <summary>Every problem of a set of labels, each with its key.</summary>
    public static IEnumerable<(string Key, string Problem)> Problems(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count > MaxLabels) yield return ("", $"at most {MaxLabels} labels; these are {labels.Count}");
        foreach (var (key, value) in labels)
            if ((KeyProblem(key) ?? ValueProblem(key, value)) is { } problem) yield return (key, problem);
    }

    /// <summary>Whether labels an agent offers include every required one (same key, same value).</summary>
    public static bool Satisfies(IReadOnlyDictionary<string, string>? required, IReadOnlyDictionary<string, string> offered)
    {
        if (required is null || required.Count == 0) return true;
        foreach (var (key, value) in required)
            if (!offered.TryGetValue(key, out var have) || have != value) return false;
        return true;
    }

    /// <summary>The pool the labels name; <c>default</c> without a <c>pool</c> label.</summary>
    public static string PoolOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(PoolKey, out var pool) && pool.Length > 0 ? pool : DefaultPool;

    /// <summary><c>os=linux,size=large</c>, keys in ordinal order.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
