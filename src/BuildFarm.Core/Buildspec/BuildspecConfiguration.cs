using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Buildspec;

/// <summary>The Buildspec provider's configuration keys and what they mean.</summary>
public static class BuildspecConfiguration
{
    public const string BuildSpec = "BuildSpec";
    public const string PrimarySource = "PrimarySource";
    public const string EnvironmentVariables = "EnvironmentVariables";
    /// <summary>Comma-separated farm secrets a buildspec file may read (an inline buildspec declares its own).</summary>
    public const string Secrets = "Secrets";
    public const string DefaultFile = "buildspec.yml";
    /// <summary>An inline buildspec may be longer than other configuration values.</summary>
    public const int MaxInlineLength = 64 * 1024;

    /// <summary>Inline YAML (several lines, or a flow map) rather than a path inside the primary source.</summary>
    public static bool IsInline(string value) => value.Contains('\n') || value.TrimStart().StartsWith('{');

    /// <summary>The buildspec's path in the primary source, or null when the configuration holds it inline.</summary>
    public static string? FilePath(IReadOnlyDictionary<string, string> configuration) =>
        configuration.TryGetValue(BuildSpec, out var value) && !string.IsNullOrWhiteSpace(value)
            ? IsInline(value) ? null : value.Trim()
            : DefaultFile;

    /// <summary>Which input is the primary source: <c>PrimarySource</c>, else the first input. Null when it names no input.</summary>
    public static string? Primary(IReadOnlyDictionary<string, string> configuration, IReadOnlyList<string> inputs) =>
        configuration.TryGetValue(PrimarySource, out var name) && !string.IsNullOrWhiteSpace(name)
            ? inputs.Contains(name) ? name : null
            : inputs.FirstOrDefault();

    /// <summary>
    /// CodePipeline's <c>EnvironmentVariables</c>: a JSON array of <c>{"name", "value", "type"}</c>, type PLAINTEXT
    /// (the default). Problems carry no path: the caller knows where the value came from.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Problems) ParseEnvironmentVariables(string? json)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(json)) return (variables, problems);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (variables, [$"not valid JSON ({e.Message}); expected [{{\"name\":\"N\",\"value\":\"V\",\"type\":\"PLAINTEXT\"}}]"]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return (variables, ["expected a JSON array of {\"name\", \"value\", \"type\"} objects"]);
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var at = $"[{index++}]";
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{at}: expected an object with string 'name' and 'value'");
                    continue;
                }
                var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "PLAINTEXT";
                if (type != "PLAINTEXT")
                    problems.Add($"{at}: type '{type}' is not supported (PLAINTEXT only: a buildspec reads farm secrets with env.secrets-manager or env.parameter-store)");
                else variables[name.GetString()!] = value.GetString()!;
            }
        }
        return (variables, problems);
    }

    /// <summary>The names in the <c>Secrets</c> key.</summary>
    public static IReadOnlyList<string> SecretList(IReadOnlyDictionary<string, string> configuration) =>
        configuration.TryGetValue(Secrets, out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>
    /// The farm secrets the action declares, and so the only ones its job gets: those listed in <c>Secrets</c>, and
    /// those an inline buildspec reads. A buildspec file is only known on the agent, so its secrets must be listed.
    /// </summary>
    public static IEnumerable<string> DeclaredSecrets(IReadOnlyDictionary<string, string> configuration)
    {
        var names = SecretList(configuration).ToList();
        if (configuration.TryGetValue(BuildSpec, out var text) && IsInline(text) && BuildspecParser.Parse(text).Buildspec is { } inline)
            names.AddRange(inline.Env.Secrets.Select(s => s.SecretName));
        return names.Distinct(StringComparer.Ordinal);
    }

    /// <summary>Problems of the action's configuration that need no file: EnvironmentVariables, PrimarySource, an inline buildspec and its artifacts.</summary>
    public static IEnumerable<Problem> Check(ActionDefinition action)
    {
        var configuration = action.Configuration;
        if (configuration.TryGetValue(PrimarySource, out var primary) && Primary(configuration, action.InputArtifacts) is null)
            yield return new Problem($"configuration.{PrimarySource}",
                $"'{primary}' is not one of this action's input artifacts ({string.Join(", ", action.InputArtifacts)})");
        foreach (var problem in ParseEnvironmentVariables(configuration.GetValueOrDefault(EnvironmentVariables)).Problems)
            yield return new Problem($"configuration.{EnvironmentVariables}", problem);
        if (configuration.ContainsKey(Secrets) && SecretList(configuration).Count == 0)
            yield return new Problem($"configuration.{Secrets}", "the list is empty; name the farm secrets the buildspec reads, separated by commas, or leave the key out");
        foreach (var name in SecretList(configuration))
            if (SecretNames.Problem(name) is { } problem) yield return new Problem($"configuration.{Secrets}", problem);
        if (!configuration.TryGetValue(BuildSpec, out var text) || !IsInline(text)) yield break;
        if (text.Length > MaxInlineLength)
        {
            yield return new Problem($"configuration.{BuildSpec}", $"the inline buildspec has {text.Length} characters; at most {MaxInlineLength} (put a longer one in a file of the source)");
            yield break;
        }
        var parsed = BuildspecParser.Parse(text);
        var problems = parsed.Buildspec is { } buildspec ? OutputProblems(buildspec, action.OutputArtifacts.Select(o => o.Name).ToList()) : parsed.Problems;
        foreach (var problem in problems) yield return new Problem($"configuration.{BuildSpec}", problem.ToString());
    }

    /// <summary>
    /// Whether the buildspec fills the declared outputs; for a batch, whether each build's buildspec does (a build whose
    /// buildspec is a file of the source is checked when its batch is planned).
    /// </summary>
    public static IReadOnlyList<Problem> OutputProblems(BuildspecDefinition buildspec, IReadOnlyList<string> outputs)
    {
        if (buildspec.Batch is not { } batch) return BuildspecOutputs.Map(buildspec, outputs).Problems;
        var problems = new List<Problem>();
        if (!batch.EveryBuildHasItsOwnBuildspec) problems.AddRange(BuildspecOutputs.Map(buildspec, outputs).Problems);
        foreach (var child in BatchPlanner.Plan(batch).Children.Where(c => c.Buildspec is { } b && IsInline(b)).DistinctBy(c => c.Buildspec))
            if (BuildspecParser.Parse(child.Buildspec!).Buildspec is { } own)
                problems.AddRange(BuildspecOutputs.Map(own, outputs).Problems.Select(p => p with { Path = $"batch build '{child.Identifier}': {p.Path}" }));
        return problems;
    }
}
