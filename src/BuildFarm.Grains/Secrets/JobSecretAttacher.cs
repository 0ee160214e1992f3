using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Secrets;

/// <summary>Adds to a leased job the values of the secrets its configuration names under its provider's secret keys, and only those.</summary>
public static class JobSecretAttacher
{
    public static async Task<JobSpec> AttachAsync(IGrainFactory grains, JobSpec spec)
    {
        var names = (ProviderCatalog.Find(spec.Provider)?.SecretKeys ?? [])
            .Select(k => spec.Configuration.GetValueOrDefault(k)).OfType<string>().Where(n => n.Length > 0).Distinct().ToList();
        if (names.Count == 0) return spec;
        var vault = grains.GetGrain<ISecretGrain>(ISecretGrain.Key);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
            if (await vault.RevealAsync(name) is { } value) secrets[name] = value;
        return spec with { Secrets = secrets };
    }
}
