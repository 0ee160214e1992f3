using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The revision each source action of an execution runs: what the action reported once it ran (its <c>CommitId</c>),
/// else what the trigger gave it; a manually started action that has not run yet shows its branch.
/// </summary>
public static class SourceRevisionReport
{
    public static IReadOnlyList<(string Action, string RevisionId, string Summary)> Of(ExecutionRun run)
    {
        var result = new List<(string, string, string)>();
        if (run.Stages.Count == 0) return result;
        for (var a = 0; a < run.Stages[0].Actions.Count; a++)
        {
            var definition = run.Definition.Stages[0].Actions[a];
            if (definition.Category != ActionCategory.Source) continue;
            var action = run.Stages[0].Actions[a];
            var given = run.SourceRevisions.GetValueOrDefault(action.Name);
            var variables = action.OutputVariables;
            if (variables.TryGetValue("CommitId", out var commit))
            {
                var branch = variables.GetValueOrDefault("BranchName");
                var message = variables.GetValueOrDefault("CommitMessage")?.Split('\n')[0];
                result.Add((action.Name, commit, $"{(branch is { Length: > 0 } ? branch + "@" : "")}{variables.GetValueOrDefault("ShortCommitId")}" +
                                                 (message is { Length: > 0 } ? $": {message}" : "")));
            }
            else if (given is not null) result.Add((action.Name, given.RevisionId, given.Summary ?? ""));
            else if (definition.Provider == ProviderCatalog.Git.Name)
                result.Add((action.Name, "", $"head of {definition.Configuration.GetValueOrDefault("Branch") ?? GitSource.DefaultBranch} when the action runs"));
        }
        return result;
    }
}
