using System.Text.Json;

namespace BuildFarm.Core.Triggers.Webhooks;

/// <summary>Lenient reads of a webhook's JSON: a missing or differently typed field reads as null.</summary>
internal static class JsonFields
{
    public static JsonElement? Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current;
    }

    public static string? Text(this JsonElement element, params string[] path) =>
        element.Get(path) is { } value ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    public static bool Flag(this JsonElement element, params string[] path) =>
        element.Get(path) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonElement> Items(this JsonElement element, params string[] path) =>
        element.Get(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<string> Strings(this JsonElement element, params string[] path) =>
        element.Items(path).Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!);

    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new WebhookPayloadException("the payload is not a JSON object");
            return document;
        }
        catch (JsonException e)
        {
            throw new WebhookPayloadException($"the payload is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Files the commits of a push list as added, modified or removed.</summary>
    public static IReadOnlyList<string> CommitFiles(this JsonElement root) =>
        root.Items("commits").SelectMany(c => c.Strings("added").Concat(c.Strings("modified")).Concat(c.Strings("removed")))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Urls(this JsonElement root, string holder, params string[] names) =>
        names.Select(n => root.Text(holder, n)).OfType<string>().Where(u => u.Length > 0).Distinct().ToList();
}
