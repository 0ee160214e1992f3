using BuildFarm.Core.Variables;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>An action's namespace (how later actions name its variables) and the output variables it publishes.</summary>
internal static class NamespaceRules
{
    public static readonly IReadOnlyList<string> Reserved =
        [VariableReferences.PipelineVariables, VariableReferences.Pipeline, VariableReferences.CodePipeline];

    public static void Check(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        Namespace(site, index, problems);
        OutputVariables(site, problems);
    }

    private static void Namespace(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        if (site.Action.Namespace is not { } ns) return;
        var path = site.Field("namespace");
        problems.AddIf(path, NameRules.Namespace(ns));
        if (Reserved.Contains(ns, StringComparer.OrdinalIgnoreCase))
            problems.Add(path, $"namespace '{ns}' is reserved ({string.Join(", ", Reserved)}); choose another");
        var first = index.NamespaceOwners[ns][0];
        if (first != site)
            problems.Add(path, $"namespace '{ns}' is already used by {first.Path}; namespaces must be unique in the pipeline");
        if (index.Producers.TryGetValue(ns, out var producers))
            problems.Add(path, $"namespace '{ns}' is also the name of an artifact output by {producers[0].Path}; use a different name");
    }

    private static void OutputVariables(ActionSite site, ProblemList problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var v = 0; v < site.Action.OutputVariables.Count; v++)
        {
            var name = site.Action.OutputVariables[v];
            var path = site.Field($"outputVariables[{v}]");
            problems.AddIf(path, NameRules.OutputVariable(name));
            if (!seen.TryAdd(name, v)) problems.Add(path, $"'{name}' is listed twice (first at outputVariables[{seen[name]}])");
        }
    }
}
