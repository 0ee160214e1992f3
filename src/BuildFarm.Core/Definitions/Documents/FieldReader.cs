namespace BuildFarm.Core.Definitions.Documents;

/// <summary>The fields of one map, read by name; an absent or null optional field reads as null.</summary>
internal sealed class FieldReader(BindingContext context, MapNode map, string path, IReadOnlyDictionary<string, MapEntry> fields)
{
    public string Path => path;

    public DocumentNode? Optional(string field) =>
        fields.TryGetValue(field, out var entry) && entry.Value is not ScalarNode { Kind: ScalarKind.Null } ? entry.Value : null;

    public DocumentNode? Required(string field)
    {
        if (fields.TryGetValue(field, out var entry)) return entry.Value;
        context.ReportHole(BindingContext.Join(path, field), map.Mark, $"missing required field '{field}'");
        return null;
    }

    public string? RequiredString(string field) =>
        Required(field) is { } node ? context.String(node, BindingContext.Join(path, field)) : null;

    public string? OptionalString(string field) =>
        Optional(field) is { } node ? context.String(node, BindingContext.Join(path, field)) : null;

    public string? OptionalText(string field) =>
        Optional(field) is { } node ? context.Text(node, BindingContext.Join(path, field)) : null;

    public int? OptionalInteger(string field) =>
        Optional(field) is { } node ? context.Integer(node, BindingContext.Join(path, field)) : null;

    public bool? OptionalBoolean(string field) =>
        Optional(field) is { } node ? context.Boolean(node, BindingContext.Join(path, field)) : null;

    /// <summary>A nested map bound by <paramref name="bind"/>; null when absent.</summary>
    public T? Map<T>(string field, Func<DocumentNode, string, T?> bind) where T : class =>
        Optional(field) is { } node ? bind(node, BindingContext.Join(path, field)) : null;

    public IReadOnlyList<T> List<T>(string field, Func<DocumentNode, string, T?> item, bool required = false) where T : class =>
        (required ? Required(field) : Optional(field)) is { } node ? context.List(node, BindingContext.Join(path, field), item) : [];

    public IReadOnlyList<string> TextList(string field) => List(field, context.Text);

    public IReadOnlyList<string> StringList(string field) => List(field, context.String);

    /// <summary>A map of names to values taken as their text.</summary>
    public IReadOnlyDictionary<string, string> TextMap(string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Optional(field) is not { } node) return result;
        var fieldPath = BindingContext.Join(path, field);
        if (node is not MapNode values)
        {
            context.WrongType(fieldPath, node, "a map of names to values");
            return result;
        }
        var seen = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        foreach (var entry in values.Entries)
        {
            var entryPath = BindingContext.Join(fieldPath, entry.Key);
            if (!seen.TryAdd(entry.Key, entry.KeyMark))
                context.Report(entryPath, entry.KeyMark, $"duplicate key '{entry.Key}' (first at {seen[entry.Key]})");
            else if (context.Text(entry.Value, entryPath) is { } text)
                result[entry.Key] = text;
        }
        return result;
    }
}
