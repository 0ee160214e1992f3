using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Secrets;

/// <summary>Adds to a leased job the values of the secrets its configuration declares (<see cref="ProviderSpec.SecretNamesOf"/>), and only those.</summary>
public static class JobSecretAttacher
{
    public static async Task<JobSpec> AttachAsync(IGrainFactory grains, JobSpec spec)
    {
        var names = (ProviderCatalog.Find(spec.Provider)?.SecretNamesOf(spec.Configuration) ?? []).ToList();
        if (names.Count == 0) return spec;
        var vault = grains.Get<ISecretGrain>(ISecretGrain.Key);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
            if (await vault.RevealAsync(name) is { } value) secrets[name] = value;
        return spec with { Secrets = secrets };
    }
}
