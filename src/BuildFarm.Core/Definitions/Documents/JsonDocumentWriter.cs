using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuildFarm.Core.Definitions.Documents;

internal sealed class JsonDocumentWriter(Utf8JsonWriter json) : IDocumentWriter
{
    public static string Write(PipelineDefinition definition, bool indented, bool canonical)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            new DefinitionWriter(new JsonDocumentWriter(json), canonical).Pipeline(definition);
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return indented ? text + "\n" : text;
    }

    public void BeginMap() => json.WriteStartObject();
    public void EndMap() => json.WriteEndObject();
    public void Key(string name) => json.WritePropertyName(name);
    public void BeginList() => json.WriteStartArray();
    public void EndList() => json.WriteEndArray();

    public void String(string? value)
    {
        if (value is null) json.WriteNullValue();
        else json.WriteStringValue(value);
    }

    public void Integer(int value) => json.WriteNumberValue(value);
    public void Boolean(bool value) => json.WriteBooleanValue(value);
}
