namespace BuildFarm.Core.Definitions.Validation;

/// <summary>How artifacts flow: each input is the output of an action that runs earlier; output names are unique.</summary>
internal static class ArtifactRules
{
    public static void Check(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        var action = site.Action;
        if (action.Category == ActionCategory.Source)
        {
            if (site.Stage > 0) problems.Add(site.Field("category"), "a Source action may only be in the first stage");
            if (action.InputArtifacts.Count > 0) problems.Add(site.Field("inputArtifacts"), "a Source action takes no input artifacts");
        }
        Inputs(site, index, problems);
        Outputs(site, index, problems);
    }

    private static void Inputs(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < site.Action.InputArtifacts.Count; i++)
        {
            var name = site.Action.InputArtifacts[i];
            var path = site.Field($"inputArtifacts[{i}]");
            if (!seen.TryAdd(name, i))
            {
                problems.Add(path, $"'{name}' is listed twice (first at inputArtifacts[{seen[name]}])");
                continue;
            }
            problems.AddIf(path, WhyUnavailable(name, site, index));
        }
    }

    public static string? WhyUnavailable(string name, ActionSite consumer, DefinitionIndex index)
    {
        if (!index.Producers.TryGetValue(name, out var producers)) return $"no earlier action outputs '{name}'";
        var producer = DefinitionIndex.Preferred(producers, consumer);
        if (producer.RunsBefore(consumer)) return null;
        return producer == consumer
            ? $"'{name}' is this action's own output; an action cannot take its own output as input"
            : $"'{name}' is output by {producer.Path}, which does not run before this action ({producer.WhyNotBefore(consumer)})";
    }

    private static void Outputs(ActionSite site, DefinitionIndex index, ProblemList problems)
    {
        for (var o = 0; o < site.Action.OutputArtifacts.Count; o++)
        {
            var name = site.Action.OutputArtifacts[o].Name;
            var path = site.Field($"outputArtifacts[{o}]");
            problems.AddIf(path, NameRules.Artifact(name));
            var first = index.Producers[name][0];
            var firstIndex = first.Action.OutputArtifacts.ToList().FindIndex(a => a.Name == name);
            if (first != site || firstIndex != o)
                problems.Add(path, $"artifact '{name}' is already output by {first.Path}; output artifact names must be unique in the pipeline");
        }
    }
}
