namespace BuildFarm.Core.Definitions.Validation;

/// <summary>Where an action's jobs may run (its required labels) and whether the action result cache may serve it.</summary>
internal static class PlacementRules
{
    public static void Check(ActionSite site, ProblemList problems)
    {
        var action = site.Action;
        foreach (var (key, problem) in AgentLabels.Problems(action.Labels))
            problems.Add(site.Field(key.Length == 0 ? "labels" : $"labels.{key}"), problem);
        if (action.Labels.Count > 0 && action.IsApproval)
            problems.Add(site.Field("labels"), "a Manual approval runs no job on an agent; leave 'labels' out");
        if (action.Cache == true && !ActionCaching.CanCache(action))
            problems.Add(site.Field("cache"),
                $"provider '{action.Provider}' cannot be cached: only {string.Join(" and ", ActionCaching.CacheableProviders)} actions, " +
                "whose results follow from their inputs, configuration and environment, can; leave 'cache' out");
    }
}
