using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>What the Git, Upstream and CommitStatus providers ask of their configuration values.</summary>
internal static class SourceRules
{
    public static void Check(ActionSite site, ProblemList problems)
    {
        var configuration = site.Action.Configuration;
        if (site.Action.Provider == ProviderCatalog.Git.Name)
        {
            if (configuration.TryGetValue("Repository", out var url)) problems.AddIf(site.Field("configuration.Repository"), RepositoryUrls.Problem(url));
            if (configuration.TryGetValue("PollForSourceChanges", out var poll) && poll is not ("true" or "false"))
                problems.Add(site.Field("configuration.PollForSourceChanges"), $"'{poll}' is not true or false");
            if (configuration.TryGetValue("Commit", out var commit) && !commit.Contains("#{", StringComparison.Ordinal) && !GitRefs.IsCommitId(commit))
                problems.Add(site.Field("configuration.Commit"), $"'{commit}' is not a full commit id (40 hexadecimal digits)");
        }
        if (site.Action.Provider == ProviderCatalog.Upstream.Name && configuration.TryGetValue("Pipeline", out var pipeline))
            problems.AddIf(site.Field("configuration.Pipeline"), NameRules.Entity("pipeline name", pipeline));
        foreach (var key in ProviderCatalog.Find(site.Action.Provider)?.SecretKeys ?? [])
            if (configuration.TryGetValue(key, out var secret))
                problems.AddIf(site.Field($"configuration.{key}"), SecretNames.Problem(secret));
    }
}
