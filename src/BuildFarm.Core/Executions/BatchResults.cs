using BuildFarm.Core.Content;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Executions;

/// <summary>
/// How the builds of a batch make the action's result (CodePipeline's CombineArtifacts): each declared output artifact
/// holds every successful build's artifact of that name under a folder named by the build's identifier; each build's
/// output variables are published as <c>{identifier}_{NAME}</c>, and a variable every successful build exported with
/// the same value also under its own name; the reports of every build are kept, each group named
/// <c>{identifier}/{group}</c>.
/// </summary>
public static class BatchResults
{
    public static ArtifactTree CombineTrees(IEnumerable<(string Identifier, ArtifactTree Tree)> parts) =>
        ArtifactTree.Create(parts.SelectMany(p => p.Tree.Entries.Select(e => e with { Path = $"{p.Identifier}/{e.Path}" })));

    public static Dictionary<string, string> CombineVariables(IReadOnlyList<(string Identifier, IReadOnlyDictionary<string, string> Variables)> builds)
    {
        var combined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (identifier, variables) in builds)
            foreach (var (name, value) in variables)
                combined[$"{identifier}_{name}"] = value;
        if (builds.Count == 0) return combined;
        foreach (var (name, value) in builds[0].Variables)
            if (builds.All(b => b.Variables.TryGetValue(name, out var other) && other == value) && !combined.ContainsKey(name))
                combined[name] = value;
        return combined;
    }

    public static List<TestReportSummary> CombineReports(IEnumerable<(string Identifier, IReadOnlyList<TestReportSummary> Reports)> builds) =>
        builds.SelectMany(b => b.Reports.Select(r => r with { Group = $"{b.Identifier}/{r.Group}" })).ToList();
}
