using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Triggers;

/// <summary>Whether a change starts a run, and why (or why not), in words a trigger listing can show.</summary>
public sealed record TriggerDecision(bool Matched, string Reason);

/// <summary>
/// CodePipeline V2's filter semantics: a change matches when any push (or pull-request) filter matches; within a
/// filter, excludes win over includes; file paths are checked against every changed file (no cut-off).
/// </summary>
public static class GitTriggerMatcher
{
    /// <param name="sourceBranch">The source action's branch: what a push filter without branches or tags watches.</param>
    public static TriggerDecision Decide(GitTriggerConfiguration git, RepositoryChange change, string sourceBranch)
    {
        if (change.Deleted) return new(false, $"{Describe(change)}: the ref was deleted");
        return change.Kind == ChangeKind.PullRequest ? PullRequest(git, change) : Push(git, change, sourceBranch);
    }

    private static TriggerDecision Push(GitTriggerConfiguration git, RepositoryChange change, string sourceBranch)
    {
        if (git.Push.Count == 0) return new(false, $"{Describe(change)}: the trigger has no push filters");
        var reasons = new List<string>();
        for (var i = 0; i < git.Push.Count; i++)
        {
            var filter = git.Push[i];
            var why = change.Kind == ChangeKind.TagPush ? TagProblem(filter, change) : BranchProblem(filter, change, sourceBranch);
            why ??= change.Kind == ChangeKind.TagPush ? null : FileProblem(filter.FilePaths, change);
            if (why is null) return new(true, $"{Describe(change)} matches push[{i}]{FileSummary(filter.FilePaths, change)}");
            reasons.Add($"push[{i}]: {why}");
        }
        return new(false, $"{Describe(change)}: {string.Join("; ", reasons)}");
    }

    private static TriggerDecision PullRequest(GitTriggerConfiguration git, RepositoryChange change)
    {
        if (git.PullRequest.Count == 0) return new(false, $"{Describe(change)}: the trigger has no pull-request filters");
        var pr = change.PullRequest!;
        var reasons = new List<string>();
        for (var i = 0; i < git.PullRequest.Count; i++)
        {
            var filter = git.PullRequest[i];
            var events = filter.Events.Count == 0 ? PullRequestEvents.All : filter.Events;
            var why = !events.Contains(pr.Event) ? $"event {pr.Event} is not one of {string.Join(", ", events)}"
                : NameProblem(filter.Branches, pr.TargetBranch, "target branch")
                  ?? FileProblem(filter.FilePaths, change);
            if (why is null) return new(true, $"{Describe(change)} matches pullRequest[{i}]{FileSummary(filter.FilePaths, change)}");
            reasons.Add($"pullRequest[{i}]: {why}");
        }
        return new(false, $"{Describe(change)}: {string.Join("; ", reasons)}");
    }

    private static string? TagProblem(GitPushFilter filter, RepositoryChange change) =>
        filter.Tags is null ? "the filter watches branches, not tags" : NameProblem(filter.Tags, change.Name, "tag");

    private static string? BranchProblem(GitPushFilter filter, RepositoryChange change, string sourceBranch)
    {
        if (filter.Tags is not null) return "the filter watches tags, not branches";
        if (filter.Branches is not null) return NameProblem(filter.Branches, change.Name, "branch");
        return change.Name == sourceBranch ? null : $"branch '{change.Name}' is not the source action's branch '{sourceBranch}'";
    }

    private static string? NameProblem(GitFilter? filter, string name, string what)
    {
        if (filter is null) return null;
        if (Matching(filter.Excludes, name) is { } excluded) return $"{what} '{name}' is excluded by '{excluded}'";
        if (filter.Includes.Count > 0 && Matching(filter.Includes, name) is null) return $"{what} '{name}' matches no include ({string.Join(", ", filter.Includes)})";
        return null;
    }

    private static string? FileProblem(GitFilter? filter, RepositoryChange change)
    {
        if (filter is null) return null;
        if (change.ChangedFiles is not { } files) return "the changed files are not known";
        if (files.Count == 0) return "no file changed";
        return MatchingFiles(filter, files) > 0 ? null : $"none of the {files.Count} changed files passes the file-path filter";
    }

    /// <summary>How many of the files pass the filter: not excluded, and included (or no includes).</summary>
    public static int MatchingFiles(GitFilter filter, IReadOnlyList<string> files)
    {
        var includes = filter.Includes.Select(Glob.Parse).ToList();
        var excludes = filter.Excludes.Select(Glob.Parse).ToList();
        return files.Count(f => !excludes.Any(g => g.IsMatch(f)) && (includes.Count == 0 || includes.Any(g => g.IsMatch(f))));
    }

    private static string FileSummary(GitFilter? filter, RepositoryChange change) =>
        filter is null || change.ChangedFiles is not { } files ? "" : $" ({MatchingFiles(filter, files)} of {files.Count} changed files pass the file-path filter)";

    private static string? Matching(IReadOnlyList<string> patterns, string name) =>
        patterns.FirstOrDefault(p => Glob.Parse(p).IsMatch(name));

    public static string Describe(RepositoryChange change) => change.Kind switch
    {
        ChangeKind.TagPush => $"tag '{change.Name}'",
        ChangeKind.PullRequest => $"pull request {change.PullRequest!.Number} ({change.PullRequest.Event}, {change.PullRequest.SourceBranch} -> {change.PullRequest.TargetBranch})",
        _ => $"push to '{change.Name}'",
    };
}
