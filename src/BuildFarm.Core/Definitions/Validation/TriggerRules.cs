using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>
/// The <c>triggers</c>: CodePipeline V2's limits for git triggers (one per source action, 1 to 3 push and pull-request
/// filters, 1 to 8 globs per list), well-formed globs, a Git source action with a fixed repository, and valid cron
/// expressions and time zones. An upstream pipeline that does not exist is not a problem here: pipelines may be applied
/// in any order (`farm triggers list` says when it is missing).
/// </summary>
internal static class TriggerRules
{
    public const int MaxTriggers = 50;
    public const int MaxFilters = 3;
    public const int MaxGlobs = 8;

    public static void Check(DefinitionIndex index, ProblemList problems)
    {
        var triggers = index.Definition.Triggers;
        if (triggers.Count > MaxTriggers) problems.Add("triggers", $"a pipeline has at most {MaxTriggers} triggers; this one has {triggers.Count}");
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < triggers.Count; t++)
        {
            var path = $"triggers[{t}]";
            var trigger = triggers[t];
            var kinds = new object?[] { trigger.GitConfiguration, trigger.Schedule, trigger.Upstream }.Count(k => k is not null);
            if (kinds != 1)
            {
                problems.Add(path, kinds == 0
                    ? "a trigger needs one of gitConfiguration, schedule or upstream"
                    : "a trigger holds exactly one of gitConfiguration, schedule or upstream; split it into several triggers");
                continue;
            }
            if (trigger.ProviderType is { } type && type != trigger.Kind)
                problems.Add($"{path}.providerType", type == "CodeStarSourceConnection"
                    ? "use providerType 'Git': this farm fetches with git itself (CodePipeline's CodeStarSourceConnection has no meaning here)"
                    : $"providerType '{type}' does not fit this trigger; write '{trigger.Kind}' or leave providerType out");
            if (trigger.GitConfiguration is { } git) Git(git, $"{path}.gitConfiguration", index, sources, problems);
            if (trigger.Schedule is { } schedule) Schedule(schedule, $"{path}.schedule", problems);
            if (trigger.Upstream is { } upstream)
            {
                problems.AddIf($"{path}.upstream.pipeline", NameRules.Entity("pipeline name", upstream.Pipeline));
                if (upstream.Pipeline == index.Definition.Name)
                    problems.Add($"{path}.upstream.pipeline", "a pipeline cannot be its own upstream (it would start itself for ever)");
            }
        }
    }

    private static void Git(GitTriggerConfiguration git, string path, DefinitionIndex index, Dictionary<string, int> sources, ProblemList problems)
    {
        SourceAction(git.SourceActionName, $"{path}.sourceActionName", index, problems);
        if (!sources.TryAdd(git.SourceActionName, sources.Count))
            problems.Add($"{path}.sourceActionName", $"source action '{git.SourceActionName}' already has a trigger; give it one trigger with several filters");
        if (git.Push.Count == 0 && git.PullRequest.Count == 0)
            problems.Add(path, "a git trigger needs 'push' or 'pullRequest' filters (or both)");
        if (git.Push.Count > MaxFilters) problems.Add($"{path}.push", $"at most {MaxFilters} push filters are allowed; this trigger has {git.Push.Count}");
        if (git.PullRequest.Count > MaxFilters)
            problems.Add($"{path}.pullRequest", $"at most {MaxFilters} pull-request filters are allowed; this trigger has {git.PullRequest.Count}");
        for (var i = 0; i < git.Push.Count; i++)
        {
            var push = git.Push[i];
            var pushPath = $"{path}.push[{i}]";
            if (push.Tags is not null && push.Branches is not null)
                problems.Add(pushPath, "a push filter watches either 'tags' or 'branches', not both; use two filters");
            if (push.Tags is not null && push.FilePaths is not null)
                problems.Add($"{pushPath}.filePaths", "file paths apply to branch pushes only; a tag push has no changed files to filter");
            Filter(push.Branches, $"{pushPath}.branches", problems);
            Filter(push.Tags, $"{pushPath}.tags", problems);
            Filter(push.FilePaths, $"{pushPath}.filePaths", problems);
        }
        for (var i = 0; i < git.PullRequest.Count; i++)
        {
            var pr = git.PullRequest[i];
            var prPath = $"{path}.pullRequest[{i}]";
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var e = 0; e < pr.Events.Count; e++)
            {
                var name = pr.Events[e];
                if (!PullRequestEvents.All.Contains(name))
                    problems.Add($"{prPath}.events[{e}]", $"unknown pull-request event '{name}'{Suggestions.DidYouMean(name, PullRequestEvents.All)}; use {string.Join(", ", PullRequestEvents.All)}");
                else if (!seen.Add(name)) problems.Add($"{prPath}.events[{e}]", $"'{name}' is listed twice");
            }
            Filter(pr.Branches, $"{prPath}.branches", problems);
            Filter(pr.FilePaths, $"{prPath}.filePaths", problems);
        }
    }

    private static void SourceAction(string name, string path, DefinitionIndex index, ProblemList problems)
    {
        var sources = index.Sites.Where(s => s.Action.Category == ActionCategory.Source).ToList();
        var site = sources.FirstOrDefault(s => s.Action.Name == name);
        if (site is null)
        {
            var names = sources.Select(s => s.Action.Name).ToList();
            problems.Add(path, $"'{name}' names no Source action{Suggestions.DidYouMean(name, names)}; " +
                               (names.Count == 0 ? "the pipeline has none (add a Git source action to the first stage)" : $"source actions: {string.Join(", ", names)}"));
            return;
        }
        if (site.Action.Provider != ProviderCatalog.Git.Name)
        {
            problems.Add(path, $"source action '{name}' ({site.Path}) has provider '{site.Action.Provider}'; git triggers need a '{ProviderCatalog.Git.Name}' source action");
            return;
        }
        if (site.Action.Configuration.TryGetValue("Repository", out var url) && url.Contains("#{", StringComparison.Ordinal))
            problems.Add(path, $"source action '{name}' takes its repository from a variable ('{url}'); a triggered action needs a fixed repository URL to watch");
    }

    private static void Filter(GitFilter? filter, string path, ProblemList problems)
    {
        if (filter is null) return;
        if (filter.Includes.Count == 0 && filter.Excludes.Count == 0) problems.Add(path, "give 'includes' or 'excludes' (or both), or leave the filter out");
        Globs(filter.Includes, $"{path}.includes", problems);
        Globs(filter.Excludes, $"{path}.excludes", problems);
    }

    private static void Globs(IReadOnlyList<string> globs, string path, ProblemList problems)
    {
        if (globs.Count > MaxGlobs) problems.Add(path, $"at most {MaxGlobs} patterns are allowed; this list has {globs.Count}");
        for (var g = 0; g < globs.Count; g++)
            if (Glob.Problem(globs[g]) is { } problem) problems.Add($"{path}[{g}]", $"'{globs[g]}' is not a valid glob: {problem}");
    }

    private static void Schedule(ScheduleTrigger schedule, string path, ProblemList problems)
    {
        var (_, cronProblem, zoneProblem) = CronSchedule.TryParse(schedule.Cron, schedule.TimeZone);
        problems.AddIf($"{path}.cron", cronProblem);
        problems.AddIf($"{path}.timeZone", zoneProblem);
    }
}
