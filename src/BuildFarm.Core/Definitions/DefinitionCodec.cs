namespace BuildFarm.Core.Definitions;

public enum DefinitionFormat { Yaml, Json }

/// <summary>A parsed declaration (null when it could not be built) and every problem found on the way.</summary>
public sealed record DefinitionParseResult(PipelineDefinition? Definition, IReadOnlyList<Problem> Problems);

/// <summary>Reads and writes pipeline declarations in YAML and JSON (one shape for both).</summary>
public static class DefinitionCodec
{
    public static DefinitionFormat FormatOf(string fileName) => throw new NotImplementedException();

    /// <summary>Parses and binds; reports syntax errors, unknown fields, bad types and missing required fields with their paths.</summary>
    public static DefinitionParseResult Parse(string text, DefinitionFormat format) => throw new NotImplementedException();

    public static string ToYaml(PipelineDefinition definition) => throw new NotImplementedException();

    public static string ToJson(PipelineDefinition definition) => throw new NotImplementedException();

    /// <summary>A stable JSON form (keys sorted, defaults written out) for comparing declarations.</summary>
    public static string ToCanonicalJson(PipelineDefinition definition) => throw new NotImplementedException();
}
