using BuildFarm.Api.V1;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;

namespace BuildFarm.Agent.Jobs;

/// <summary>The value of a secret the job's configuration names; the server sends only those.</summary>
internal static class JobSecrets
{
    /// <summary>Null when the configuration key is not set; a failure when it names a secret the farm does not have.</summary>
    public static string? Get(Job job, string key)
    {
        if (!job.Configuration.TryGetValue(key, out var name) || string.IsNullOrEmpty(name)) return null;
        return job.Secrets.TryGetValue(name, out var value)
            ? value
            : throw new JobFailureException(ErrorKind.ConfigurationError,
                $"configuration '{key}' names secret '{name}', which the farm does not have; an admin sets it with 'farm secret set {name}'");
    }
}
