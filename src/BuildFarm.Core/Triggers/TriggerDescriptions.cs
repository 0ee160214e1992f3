using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Triggers;

/// <summary>One line per trigger saying what it watches, for `farm triggers list`.</summary>
public static class TriggerDescriptions
{
    public static string Of(TriggerDefinition trigger, PipelineDefinition definition)
    {
        if (trigger.Schedule is { } schedule)
            return $"cron '{schedule.Cron}' in {schedule.TimeZone}{(schedule.SkipIfRunning ? ", skipped while the previous scheduled run is going" : "")}";
        if (trigger.Upstream is { } upstream) return $"successful executions of pipeline '{upstream.Pipeline}'";
        if (trigger.GitConfiguration is not { } git) return "";
        var source = SourceAction(definition, git.SourceActionName);
        var url = source?.Configuration.GetValueOrDefault(GitSource.Repository) ?? "?";
        var parts = git.Push.Select(p => p.Tags is not null ? $"push of tags {Filter(p.Tags)}"
                : $"push to {(p.Branches is null ? $"'{(source is null ? GitSource.DefaultBranch : GitSource.BranchOf(source))}'" : Filter(p.Branches))}" +
                  (p.FilePaths is null ? "" : $" touching {Filter(p.FilePaths)}"))
            .Concat(git.PullRequest.Select(p => $"pull requests ({string.Join("/", p.Events.Count == 0 ? PullRequestEvents.All : p.Events)})" +
                                               (p.Branches is null ? "" : $" into {Filter(p.Branches)}") +
                                               (p.FilePaths is null ? "" : $" touching {Filter(p.FilePaths)}")));
        return $"{url} ({git.SourceActionName}): {string.Join("; ", parts)}";
    }

    public static ActionDefinition? SourceAction(PipelineDefinition definition, string name) =>
        definition.Stages.Count == 0 ? null : definition.Stages[0].Actions.FirstOrDefault(a => a.Name == name && a.Category == ActionCategory.Source);

    private static string Filter(GitFilter filter) =>
        (filter.Includes.Count == 0 ? "*" : string.Join("|", filter.Includes)) +
        (filter.Excludes.Count == 0 ? "" : $" except {string.Join("|", filter.Excludes)}");
}
