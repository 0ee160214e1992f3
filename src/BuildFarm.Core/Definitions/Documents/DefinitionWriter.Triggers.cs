namespace BuildFarm.Core.Definitions.Documents;

/// <summary>The <c>triggers</c> of a declaration, in CodePipeline's shape plus the farm's schedule and upstream kinds.</summary>
internal sealed partial class DefinitionWriter
{
    private void Trigger(TriggerDefinition trigger)
    {
        output.BeginMap();
        Field(FieldNames.ProviderType, canonical ? trigger.ProviderType ?? trigger.Kind : trigger.ProviderType);
        if (trigger.GitConfiguration is { } git)
        {
            output.Key(FieldNames.GitConfiguration);
            output.BeginMap();
            Field(FieldNames.SourceActionName, git.SourceActionName);
            List(FieldNames.Push, git.Push, PushFilter);
            List(FieldNames.PullRequest, git.PullRequest, PullRequestFilter);
            output.EndMap();
        }
        if (trigger.Schedule is { } schedule)
        {
            output.Key(FieldNames.Schedule);
            output.BeginMap();
            Field(FieldNames.Cron, schedule.Cron);
            Field(FieldNames.TimeZone, schedule.TimeZone);
            if (schedule.SkipIfRunning || canonical)
            {
                output.Key(FieldNames.SkipIfRunning);
                output.Boolean(schedule.SkipIfRunning);
            }
            output.EndMap();
        }
        if (trigger.Upstream is { } upstream)
        {
            output.Key(FieldNames.Upstream);
            output.BeginMap();
            Field(FieldNames.Pipeline, upstream.Pipeline);
            output.EndMap();
        }
        output.EndMap();
    }

    private void PushFilter(GitPushFilter filter)
    {
        output.BeginMap();
        Filter(FieldNames.Branches, filter.Branches);
        Filter(FieldNames.Tags, filter.Tags);
        Filter(FieldNames.FilePaths, filter.FilePaths);
        output.EndMap();
    }

    private void PullRequestFilter(GitPullRequestFilter filter)
    {
        output.BeginMap();
        List(FieldNames.Events, filter.Events, output.String);
        Filter(FieldNames.Branches, filter.Branches);
        Filter(FieldNames.FilePaths, filter.FilePaths);
        output.EndMap();
    }

    private void Filter(string name, GitFilter? filter)
    {
        if (filter is null) return;
        output.Key(name);
        output.BeginMap();
        List(FieldNames.Includes, filter.Includes, output.String);
        List(FieldNames.Excludes, filter.Excludes, output.String);
        output.EndMap();
    }
}
