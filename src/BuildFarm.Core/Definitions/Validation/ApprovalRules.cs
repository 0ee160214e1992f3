namespace BuildFarm.Core.Definitions.Validation;

/// <summary>A manual approval: its timeout (CodePipeline's 7 days by default, at most 60 days) and its reviewer link.</summary>
internal static class ApprovalRules
{
    public const int MaxCustomDataLength = 512;

    public static void Check(ActionSite site, ProblemList problems)
    {
        var action = site.Action;
        if (action.TimeoutMinutes is { } timeout and (< 1 or > ProviderCatalog.ManualApprovalMaxTimeoutMinutes))
            problems.Add(site.Field("timeoutInMinutes"),
                $"timeoutInMinutes is {timeout}; an approval waits 1 to {ProviderCatalog.ManualApprovalMaxTimeoutMinutes} minutes (60 days), " +
                $"or leave it out for {ProviderCatalog.ManualApprovalDefaultTimeoutMinutes} (7 days)");
        if (action.Configuration.TryGetValue("CustomData", out var summary))
            problems.AddIf(site.Field("configuration.CustomData"), NameRules.Length("approval summary (CustomData)", summary, MaxCustomDataLength));
        if (action.Configuration.TryGetValue("ExternalEntityLink", out var link) && !link.Contains("#{", StringComparison.Ordinal)
            && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            problems.Add(site.Field("configuration.ExternalEntityLink"), $"'{link}' is not an http(s) URL; reviewers open it to see what they approve");
        if (action.Retry is not null)
            problems.Add(site.Field("retry"), "a manual approval is never retried automatically; leave 'retry' out");
    }
}
