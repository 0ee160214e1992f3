using System.Globalization;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Shared state of one binding: the problems found so far, and whether the tree is too broken to build a
/// declaration from (a missing required field or a value of the wrong type leaves a hole).
/// </summary>
internal sealed class BindingContext
{
    public List<Problem> Problems { get; } = [];
    public bool Broken { get; private set; }

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public void Report(string path, SourceMark mark, string message) => Problems.Add(new Problem(path, $"{mark}: {message}"));

    /// <summary>Reports a problem that leaves a hole in the declaration.</summary>
    public void ReportHole(string path, SourceMark mark, string message)
    {
        Broken = true;
        Report(path, mark, message);
    }

    public void WrongType(string path, DocumentNode node, string expected) =>
        ReportHole(path, node, $"expected {expected}, found {node.Describe()}");

    private void ReportHole(string path, DocumentNode node, string message) => ReportHole(path, node.Mark, message);

    /// <summary>A string (names, categories, providers): a quoted or plain text, not a number or boolean.</summary>
    public string? String(DocumentNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.String } scalar) return scalar.Text;
        var hint = node is ScalarNode { Kind: ScalarKind.Integer or ScalarKind.Number or ScalarKind.Boolean } s ? $" (write it quoted, \"{s.Text}\", to mean the text)" : "";
        WrongType(path, node, "a string" + hint);
        return null;
    }

    /// <summary>A value taken as its text (configuration values, commands): any scalar but null.</summary>
    public string? Text(DocumentNode node, string path)
    {
        if (node is ScalarNode { Kind: not ScalarKind.Null } scalar) return scalar.Text;
        WrongType(path, node, "a single value (text, number or boolean)");
        return null;
    }

    public int? Integer(DocumentNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.Integer } scalar)
        {
            if (int.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
            ReportHole(path, node, $"{scalar.Text} is too large for an integer");
            return null;
        }
        WrongType(path, node, "an integer");
        return null;
    }

    public bool? Boolean(DocumentNode node, string path)
    {
        if (node is ScalarNode { Kind: ScalarKind.Boolean } scalar) return scalar.Text.Equals("true", StringComparison.OrdinalIgnoreCase);
        WrongType(path, node, "true or false");
        return null;
    }

    /// <summary>Reads a map against its known fields, reporting unknown and duplicate keys; null (and a problem) when the node is not a map.</summary>
    public FieldReader? Fields(DocumentNode node, string path, IReadOnlyList<string> known)
    {
        if (node is not MapNode map)
        {
            WrongType(path, node, "a map");
            return null;
        }
        var first = new Dictionary<string, MapEntry>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var fieldPath = Join(path, entry.Key);
            if (!known.Contains(entry.Key))
                Report(fieldPath, entry.KeyMark,
                    $"unknown field '{entry.Key}'{Suggestions.DidYouMean(entry.Key, known)}; known fields: {string.Join(", ", known)}");
            else if (first.TryGetValue(entry.Key, out var earlier))
                Report(fieldPath, entry.KeyMark, $"duplicate key '{entry.Key}' (first at {earlier.KeyMark})");
            else
                first[entry.Key] = entry;
        }
        return new FieldReader(this, map, path, first);
    }

    /// <summary>Each item of a list, bound by <paramref name="item"/>; items it cannot bind are left out.</summary>
    public IReadOnlyList<T> List<T>(DocumentNode node, string path, Func<DocumentNode, string, T?> item) where T : class
    {
        if (node is ScalarNode { Kind: ScalarKind.Null }) return [];
        if (node is not ListNode list)
        {
            WrongType(path, node, "a list");
            return [];
        }
        var result = new List<T>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
            if (item(list.Items[i], Index(path, i)) is { } bound) result.Add(bound);
        return result;
    }
}
