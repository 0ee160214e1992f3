using BuildFarm.Core.Definitions;
using BuildFarm.Core.Definitions.Documents;

namespace BuildFarm.Core.Buildspec;

/// <summary>
/// <c>env.secrets-manager</c> (<c>secret-id[:json-key]</c>) and <c>env.parameter-store</c> (a name): both read farm
/// secrets by name. What an AWS name can say and a farm secret cannot (ARNs, versions, parameter paths) is refused.
/// </summary>
public static partial class BuildspecParser
{
    private static IEnumerable<BuildspecSecret> Secrets(DocumentNode node, string path, BuildspecNodes nodes, bool parameterStore)
    {
        foreach (var entry in nodes.Map(node, path))
        {
            var entryPath = $"{path}.{entry.Key}";
            if (VariableNameProblem(entry.Key) is { } nameProblem)
            {
                nodes.Add(entryPath, nameProblem);
                continue;
            }
            if (nodes.Scalar(entry.Value, entryPath) is not { } value) continue;
            var (secret, problem) = parameterStore ? Parameter(value) : SecretsManager(value);
            if (problem is not null) nodes.Add(entryPath, problem);
            else yield return secret! with { Variable = entry.Key, Path = entryPath };
        }
    }

    private static (BuildspecSecret?, string?) SecretsManager(string value)
    {
        if (value.StartsWith("arn:", StringComparison.Ordinal))
            return (null, $"'{value}' is an AWS Secrets Manager ARN; name a farm secret instead (an admin stores it with `farm secret set NAME`)");
        var parts = value.Split(':');
        if (parts.Length > 4)
            return (null, $"'{value}' has {parts.Length} parts; expected secret-id[:json-key[:version-stage[:version-id]]]");
        if (SecretNames.Problem(parts[0]) is { } problem) return (null, problem);
        if (parts.Skip(2).Any(p => p.Length > 0))
            return (null, $"'{value}' names a version: a farm secret has one value (the last `farm secret set`), so version-stage and version-id must be left empty");
        return (new BuildspecSecret("", parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, ""), null);
    }

    private static (BuildspecSecret?, string?) Parameter(string value)
    {
        if (value.StartsWith("arn:", StringComparison.Ordinal) || value.Contains('/'))
            return (null, $"'{value}' is a Parameter Store path; a parameter here is the farm secret of that name, and farm secret names hold no '/': " +
                          $"store the value with `farm secret set {FlatName(value)}` and write that name");
        return SecretNames.Problem(value) is { } problem ? (null, problem) : (new BuildspecSecret("", value, null, ""), null);
    }

    private static string FlatName(string path)
    {
        var name = path[(path.LastIndexOf(':') + 1)..].Trim('/').Replace('/', '.');
        return SecretNames.Problem(name) is null ? name : "NAME";
    }

    /// <summary>An exported variable would publish the secret's value as an output variable, which anyone reading the execution sees.</summary>
    private static void ExportedSecrets(BuildspecEnv env, BuildspecNodes nodes)
    {
        for (var i = 0; i < env.ExportedVariables.Count; i++)
            if (env.Secrets.FirstOrDefault(s => s.Variable == env.ExportedVariables[i]) is { } secret)
                nodes.Add($"env.exported-variables[{i}]", $"'{secret.Variable}' holds a secret ({secret.Path}); exporting it would show its value in the execution's variables");
    }
}
