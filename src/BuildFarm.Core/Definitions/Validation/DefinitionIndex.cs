namespace BuildFarm.Core.Definitions.Validation;

/// <summary>Every action with its place, and who outputs each artifact and owns each namespace.</summary>
internal sealed class DefinitionIndex
{
    public PipelineDefinition Definition { get; }
    public IReadOnlyList<ActionSite> Sites { get; }
    /// <summary>Artifact name to the actions that output it, in declaration order.</summary>
    public IReadOnlyDictionary<string, List<ActionSite>> Producers { get; }
    /// <summary>Namespace to the actions that declare it, in declaration order.</summary>
    public IReadOnlyDictionary<string, List<ActionSite>> NamespaceOwners { get; }

    public DefinitionIndex(PipelineDefinition definition)
    {
        Definition = definition;
        Sites = definition.AllActions().Select(a => new ActionSite(a.StageIndex, a.ActionIndex, a.Action)).ToList();
        var producers = new Dictionary<string, List<ActionSite>>(StringComparer.Ordinal);
        var owners = new Dictionary<string, List<ActionSite>>(StringComparer.Ordinal);
        foreach (var site in Sites)
        {
            foreach (var output in site.Action.OutputArtifacts) Append(producers, output.Name, site);
            if (site.Action.Namespace is { } ns) Append(owners, ns, site);
        }
        Producers = producers;
        NamespaceOwners = owners;
    }

    /// <summary>Of several candidates, the one that runs before the consumer if any does, else the first.</summary>
    public static ActionSite Preferred(IReadOnlyList<ActionSite> candidates, ActionSite consumer) =>
        candidates.FirstOrDefault(c => c.RunsBefore(consumer)) ?? candidates[0];

    private static void Append(Dictionary<string, List<ActionSite>> map, string key, ActionSite site)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(site);
    }
}
