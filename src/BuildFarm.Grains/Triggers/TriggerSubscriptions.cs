using BuildFarm.Core.Definitions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Grains.Triggers;

/// <summary>What a declaration's triggers watch: repositories (by key), schedules, upstream pipelines.</summary>
public sealed record TriggerSubscriptions(
    IReadOnlyDictionary<string, RepositorySubscription> Repositories,
    IReadOnlyList<ScheduleConfiguration> Schedules,
    IReadOnlyList<string> Upstreams)
{
    public static TriggerSubscriptions Plan(string pipeline, PipelineDefinition? definition)
    {
        var repositories = new Dictionary<string, RepositorySubscription>();
        var schedules = new List<ScheduleConfiguration>();
        var upstreams = new List<string>();
        for (var i = 0; i < (definition?.Triggers.Count ?? 0); i++)
        {
            var trigger = definition!.Triggers[i];
            if (trigger.Schedule is { } schedule)
                schedules.Add(new ScheduleConfiguration { Pipeline = pipeline, Source = $"triggers[{i}]", Cron = schedule.Cron, TimeZone = schedule.TimeZone });
            if (trigger.Upstream is { } upstream && !upstreams.Contains(upstream.Pipeline)) upstreams.Add(upstream.Pipeline);
            if (trigger.GitConfiguration is { } git && TriggerDescriptions.SourceAction(definition, git.SourceActionName) is { } action
                && action.Configuration.GetValueOrDefault(GitSource.Repository) is { } url)
                repositories.TryAdd(RepositoryUrls.Key(url), new RepositorySubscription
                {
                    Pipeline = pipeline,
                    Url = url,
                    CredentialSecret = action.Configuration.GetValueOrDefault(GitSource.CredentialSecret),
                    WebhookSecret = GitSource.WebhookSecretOf(action),
                    Poll = GitSource.Polls(action),
                });
        }
        return new TriggerSubscriptions(repositories, schedules, upstreams);
    }
}
