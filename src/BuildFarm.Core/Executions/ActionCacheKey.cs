using System.Security.Cryptography;
using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The action cache key: SHA-256 (hex) of a canonical JSON of everything an attempt's result follows from. That is the
/// pipeline, stage and action names (a job sees them as FARM_PIPELINE, FARM_STAGE and FARM_ACTION), the category and
/// provider, the resolved configuration and commands (a buildspec inline in the configuration included; a buildspec
/// file is inside an input), the pipeline variables (the job's environment), the input artifacts by name and digest,
/// the declared output artifacts (names and globs) and output variables, and the required labels. What differs from
/// execution to execution by design is left out: the execution id, attempt and job id, the workspace path, build
/// numbers and start times. A command that reads those (or the clock) makes an action whose result the key cannot
/// predict: mark it <c>cache: false</c>. A reference such as <c>#{pipeline.ExecutionId}</c> is resolved into the
/// configuration or commands, so it changes the key by itself.
/// </summary>
public static class ActionCacheKey
{
    private const string Format = "buildfarm-action-cache/1";

    public static string Compute(string pipeline, string stage, ActionDefinition action, ActionAttempt attempt, IReadOnlyDictionary<string, string> variables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("pipeline", pipeline);
            json.WriteString("stage", stage);
            json.WriteString("action", action.Name);
            json.WriteString("category", action.Category);
            json.WriteString("provider", action.Provider);
            Map(json, "configuration", attempt.ResolvedConfiguration);
            json.WriteStartArray("commands");
            foreach (var command in attempt.ResolvedCommands) json.WriteStringValue(command);
            json.WriteEndArray();
            Map(json, "environment", variables);
            json.WriteStartArray("inputs");
            foreach (var input in attempt.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteString("hash", input.Digest.Hash);
                json.WriteNumber("size", input.Digest.SizeBytes);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var output in action.OutputArtifacts)
            {
                json.WriteStartObject();
                json.WriteString("name", output.Name);
                json.WriteStartArray("files");
                foreach (var glob in output.Files) json.WriteStringValue(glob);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("outputVariables");
            foreach (var name in action.OutputVariables) json.WriteStringValue(name);
            json.WriteEndArray();
            Map(json, "labels", action.Labels);
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void Map(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var key in values.Keys.Order(StringComparer.Ordinal)) json.WriteString(key, values[key]);
        json.WriteEndObject();
    }
}
