using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Buildspec;

/// <summary>Which artifact section fills which of the action's output artifacts.</summary>
public static class BuildspecOutputs
{
    /// <summary>
    /// <c>secondary-artifacts.ID</c> fills the output artifact named ID; the primary <c>artifacts</c> fills the
    /// output named by its <c>name</c>, else the first output no secondary section claims. Every declared output needs a
    /// section, and every section an output (except a primary section beside secondary ones, which CodeBuild requires).
    /// </summary>
    public static (IReadOnlyList<(string Output, ArtifactSection Section)> Mapping, IReadOnlyList<Problem> Problems) Map(
        BuildspecDefinition buildspec, IReadOnlyList<string> outputs)
    {
        var mapping = new List<(string, ArtifactSection)>();
        var problems = new List<Problem>();
        var declared = outputs.Count == 0 ? "it declares none" : $"it declares {string.Join(", ", outputs)}";
        foreach (var (id, section) in buildspec.SecondaryArtifacts)
        {
            if (outputs.Contains(id)) mapping.Add((id, section));
            else problems.Add(new Problem(section.Path, $"the action has no output artifact '{id}' ({declared}); add it to outputArtifacts or remove the section"));
        }
        var unclaimed = outputs.Where(o => !buildspec.SecondaryArtifacts.ContainsKey(o)).ToList();
        if (buildspec.Artifacts is { } primary)
        {
            var target = primary.Name is { } name && unclaimed.Contains(name) ? name : unclaimed.FirstOrDefault();
            if (target is not null) mapping.Add((target, primary));
            else if (buildspec.SecondaryArtifacts.Count == 0)
                problems.Add(new Problem(primary.Path, $"the action has no output artifact for the primary artifacts ({declared}); add one to outputArtifacts or remove the section"));
        }
        foreach (var output in outputs.Where(o => mapping.All(m => m.Item1 != o)))
            problems.Add(new Problem("artifacts", $"output artifact '{output}' has no section in the buildspec; add 'artifacts' or 'artifacts.secondary-artifacts.{output}'"));
        return (mapping, problems);
    }
}
