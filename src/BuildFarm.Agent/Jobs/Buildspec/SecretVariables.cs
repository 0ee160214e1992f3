using System.Text.Json;
using BuildFarm.Agent.Logs;
using BuildFarm.Api.V1;
using BuildFarm.Core.Buildspec;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// The variables of <c>env.secrets-manager</c> and <c>env.parameter-store</c>, from the secrets the server sent with
/// the job (those its action declares). A value taken from a JSON key is masked in the log as well as the whole secret.
/// </summary>
internal static class SecretVariables
{
    public static Dictionary<string, string> Resolve(Job job, IReadOnlyDictionary<string, string> configuration, BuildspecDefinition buildspec,
        string source, LogChunker log)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (buildspec.Env.Secrets.Count == 0) return variables;
        var declared = BuildspecConfiguration.DeclaredSecrets(configuration).ToHashSet(StringComparer.Ordinal);
        foreach (var secret in buildspec.Env.Secrets)
        {
            var name = secret.SecretName;
            if (!declared.Contains(name))
                throw Failure(source, secret, $"secret '{name}' is not declared by the action; add it to configuration.{BuildspecConfiguration.Secrets} " +
                                              "(a job gets only the secrets its action declares)");
            if (!job.Secrets.TryGetValue(name, out var value))
                throw Failure(source, secret, $"the farm has no secret '{name}'; an admin sets it with `farm secret set {name}`");
            if (secret.JsonKey is { } key) value = JsonKey(value, key, source, secret);
            log.Mask(value);
            variables[secret.Variable] = value;
        }
        return variables;
    }

    /// <summary>A top-level key of the secret's JSON object: a string as it is, anything else as JSON text. Messages never hold the value.</summary>
    private static string JsonKey(string value, string key, string source, BuildspecSecret secret)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException)
        {
            throw Failure(source, secret, $"secret '{secret.SecretName}' is not JSON, so it has no key '{key}'; leave the key out to take the whole value");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Failure(source, secret, $"secret '{secret.SecretName}' is JSON but not an object, so it has no key '{key}'");
            if (!document.RootElement.TryGetProperty(key, out var property))
                throw Failure(source, secret, $"secret '{secret.SecretName}' has no key '{key}' (its keys: " +
                                              $"{string.Join(", ", document.RootElement.EnumerateObject().Select(p => p.Name))})");
            return property.ValueKind == JsonValueKind.String ? property.GetString()! : property.GetRawText();
        }
    }

    private static JobFailureException Failure(string source, BuildspecSecret secret, string message) =>
        new(ErrorKind.ConfigurationError, $"{source}: {secret.Path}: {message}");
}
