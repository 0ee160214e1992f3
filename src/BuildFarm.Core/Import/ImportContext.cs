using System.Text.Json;

namespace BuildFarm.Core.Import;

/// <summary>The notes of one import, and reading of JSON objects so that no field is dropped without a note.</summary>
internal sealed class ImportContext
{
    public List<ImportNote> Notes { get; } = [];

    /// <summary>Source actions imported as Git sources, by action name: what triggers may watch.</summary>
    public Dictionary<string, ImportedGitSource> GitSources { get; } = new(StringComparer.Ordinal);

    public void Unsupported(string path, string subject, string message, string? suggestion = null) =>
        Notes.Add(new ImportNote(ImportSeverity.Unsupported, path, subject, message, suggestion));

    public void Changed(string path, string subject, string message, string? suggestion = null) =>
        Notes.Add(new ImportNote(ImportSeverity.Changed, path, subject, message, suggestion));

    public void Ignored(string path, string message) => Notes.Add(new ImportNote(ImportSeverity.Ignored, path, "", message));

    /// <summary>
    /// The properties of an object. Fields in <paramref name="ignored"/> are noted with their reason; fields neither
    /// read (<paramref name="read"/>) nor ignored are noted as unknown, so that nothing disappears unseen.
    /// </summary>
    public Dictionary<string, JsonElement> Object(JsonElement element, string path, IReadOnlyCollection<string> read,
        IReadOnlyDictionary<string, string>? ignored = null)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            Unsupported(path, "", $"expected an object, found {element.ValueKind}");
            return fields;
        }
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = Join(path, property.Name);
            if (read.Contains(property.Name)) fields[property.Name] = property.Value;
            else if (ignored is not null && ignored.TryGetValue(property.Name, out var reason)) Ignored(fieldPath, reason);
            else Ignored(fieldPath, "not a field of CodePipeline's declaration (as `aws codepipeline get-pipeline` prints it); left out");
        }
        return fields;
    }

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static string? Text(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;

    public static int? Integer(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : fields.TryGetValue(name, out value) && value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out number) ? number
        : null;

    public static IEnumerable<(JsonElement Item, int Index)> Items(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select((item, i) => (item, i)) : [];

    public static IReadOnlyList<string> Strings(Dictionary<string, JsonElement> fields, string name) =>
        Items(fields, name).Where(i => i.Item.ValueKind == JsonValueKind.String).Select(i => i.Item.GetString()!).ToList();

    /// <summary>A string map (configuration): values given as numbers or booleans are taken as their text.</summary>
    public static Dictionary<string, string> Map(Dictionary<string, JsonElement> fields, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!fields.TryGetValue(name, out var value) || value.ValueKind != JsonValueKind.Object) return map;
        foreach (var property in value.EnumerateObject())
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        return map;
    }
}
