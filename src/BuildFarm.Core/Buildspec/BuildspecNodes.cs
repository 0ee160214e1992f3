using BuildFarm.Core.Definitions;
using BuildFarm.Core.Definitions.Documents;

namespace BuildFarm.Core.Buildspec;

/// <summary>Typed access to buildspec nodes that records a problem (with its path) for every value of the wrong shape.</summary>
internal sealed class BuildspecNodes
{
    private readonly List<Problem> _problems = [];

    public IReadOnlyList<Problem> Problems => _problems;

    public void Add(string path, string message) => _problems.Add(new Problem(path, message));

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The entries of a map; reports keys that are not <paramref name="known"/> or that appear twice.</summary>
    public IReadOnlyList<MapEntry> Map(DocumentNode node, string path, IReadOnlyCollection<string>? known = null, string? knownHint = null)
    {
        if (node is not MapNode map)
        {
            Add(path, $"expected a map, found {node.Describe()}");
            return [];
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<MapEntry>();
        foreach (var entry in map.Entries)
        {
            if (!seen.Add(entry.Key))
            {
                Add(Child(path, entry.Key), "the key appears twice");
                continue;
            }
            if (known is not null && !known.Contains(entry.Key))
            {
                Add(Child(path, entry.Key), $"unknown key '{entry.Key}'{Suggestions.DidYouMean(entry.Key, known)}; " +
                                             (knownHint ?? $"known keys here: {string.Join(", ", known)}"));
                continue;
            }
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>A scalar's text; numbers and booleans as written. Null (and a problem) for a map or a list.</summary>
    public string? Scalar(DocumentNode node, string path, bool allowNull = false)
    {
        switch (node)
        {
            case ScalarNode { Kind: ScalarKind.Null } when allowNull:
                return "";
            case ScalarNode { Kind: ScalarKind.Null }:
                Add(path, "the value is empty");
                return null;
            case ScalarNode scalar:
                return scalar.Text;
            default:
                Add(path, $"expected a single value, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>A list of strings; a single value counts as a list of one (CodeBuild accepts both).</summary>
    public IReadOnlyList<string> Strings(DocumentNode node, string path, string what)
    {
        if (node is ScalarNode { Kind: ScalarKind.Null }) return [];
        if (node is ScalarNode single) return [single.Text];
        if (node is not ListNode list)
        {
            Add(path, $"expected a list of {what}s, found {node.Describe()}");
            return [];
        }
        var values = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is ScalarNode { Kind: not ScalarKind.Null } scalar) values.Add(scalar.Text);
            else if (list.Items[i] is MapNode)
                Add($"{path}[{i}]", $"expected a {what}, found a map: quote the {what}, since a ': ' inside it makes YAML read a map");
            else Add($"{path}[{i}]", $"expected a {what}, found {list.Items[i].Describe()}");
        }
        return values;
    }

    /// <summary>yes/no (CodeBuild's spelling) or true/false.</summary>
    public bool YesNo(DocumentNode node, string path)
    {
        var text = Scalar(node, path);
        switch (text?.ToLowerInvariant())
        {
            case null: return false;
            case "yes" or "true": return true;
            case "no" or "false": return false;
            default:
                Add(path, $"'{text}' is not yes or no");
                return false;
        }
    }
}
