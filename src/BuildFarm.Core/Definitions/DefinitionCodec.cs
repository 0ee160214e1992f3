using BuildFarm.Core.Definitions.Documents;

namespace BuildFarm.Core.Definitions;

public enum DefinitionFormat { Yaml, Json }

/// <summary>A parsed declaration (null when it could not be built) and every problem found on the way.</summary>
public sealed record DefinitionParseResult(PipelineDefinition? Definition, IReadOnlyList<Problem> Problems);

/// <summary>Reads and writes pipeline declarations in YAML and JSON (one shape for both).</summary>
public static class DefinitionCodec
{
    public static DefinitionFormat FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => DefinitionFormat.Yaml,
            ".json" => DefinitionFormat.Json,
            _ => throw new ArgumentException(
                $"'{fileName}' is not a pipeline declaration file: its name must end in .yaml, .yml or .json", nameof(fileName)),
        };

    /// <summary>Parses and binds; reports syntax errors, unknown fields, bad types and missing required fields with their paths.</summary>
    public static DefinitionParseResult Parse(string text, DefinitionFormat format)
    {
        var read = format == DefinitionFormat.Json ? JsonDocumentReader.Read(text) : YamlDocumentReader.Read(text);
        if (read.Root is null)
            return new DefinitionParseResult(null, read.Problems.Count > 0 ? read.Problems : [new Problem("", "the declaration is empty")]);
        var bound = DefinitionBinder.Bind(read.Root);
        return read.Problems.Count == 0 ? bound : new DefinitionParseResult(bound.Definition, [.. read.Problems, .. bound.Problems]);
    }

    public static string ToYaml(PipelineDefinition definition) => YamlDocumentWriter.Write(definition);

    public static string ToJson(PipelineDefinition definition) => JsonDocumentWriter.Write(definition, indented: true, canonical: false);

    /// <summary>A stable JSON form (keys sorted, defaults written out) for comparing declarations.</summary>
    public static string ToCanonicalJson(PipelineDefinition definition) => JsonDocumentWriter.Write(definition, indented: false, canonical: true);
}
