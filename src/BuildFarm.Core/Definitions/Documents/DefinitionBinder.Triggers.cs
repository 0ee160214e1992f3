namespace BuildFarm.Core.Definitions.Documents;

/// <summary>The <c>triggers</c> of a declaration.</summary>
internal sealed partial class DefinitionBinder
{
    private TriggerDefinition? Trigger(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfTrigger) is not { } fields) return null;
        return new TriggerDefinition
        {
            ProviderType = fields.OptionalString(FieldNames.ProviderType),
            GitConfiguration = fields.Map(FieldNames.GitConfiguration, GitConfiguration),
            Schedule = fields.Map(FieldNames.Schedule, Schedule),
            Upstream = fields.Map(FieldNames.Upstream, Upstream),
        };
    }

    private GitTriggerConfiguration? GitConfiguration(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfGitConfiguration) is not { } fields) return null;
        var source = fields.RequiredString(FieldNames.SourceActionName);
        var push = fields.List(FieldNames.Push, PushFilter);
        var pullRequest = fields.List(FieldNames.PullRequest, PullRequestFilter);
        return source is null ? null : new GitTriggerConfiguration { SourceActionName = source, Push = push, PullRequest = pullRequest };
    }

    private GitPushFilter? PushFilter(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfPushFilter) is not { } fields) return null;
        return new GitPushFilter
        {
            Branches = fields.Map(FieldNames.Branches, Filter),
            Tags = fields.Map(FieldNames.Tags, Filter),
            FilePaths = fields.Map(FieldNames.FilePaths, Filter),
        };
    }

    private GitPullRequestFilter? PullRequestFilter(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfPullRequestFilter) is not { } fields) return null;
        return new GitPullRequestFilter
        {
            Events = fields.StringList(FieldNames.Events),
            Branches = fields.Map(FieldNames.Branches, Filter),
            FilePaths = fields.Map(FieldNames.FilePaths, Filter),
        };
    }

    private GitFilter? Filter(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfGitFilter) is not { } fields) return null;
        return new GitFilter { Includes = fields.TextList(FieldNames.Includes), Excludes = fields.TextList(FieldNames.Excludes) };
    }

    private ScheduleTrigger? Schedule(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfSchedule) is not { } fields) return null;
        var cron = fields.RequiredString(FieldNames.Cron);
        var zone = fields.OptionalString(FieldNames.TimeZone);
        var skip = fields.OptionalBoolean(FieldNames.SkipIfRunning);
        return cron is null ? null : new ScheduleTrigger { Cron = cron, TimeZone = zone ?? "UTC", SkipIfRunning = skip ?? false };
    }

    private UpstreamTrigger? Upstream(DocumentNode node, string path)
    {
        if (_context.Fields(node, path, FieldNames.OfUpstream) is not { } fields) return null;
        return fields.RequiredString(FieldNames.Pipeline) is { } pipeline ? new UpstreamTrigger { Pipeline = pipeline } : null;
    }
}
