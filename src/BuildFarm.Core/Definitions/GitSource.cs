namespace BuildFarm.Core.Definitions;

/// <summary>The Git source provider's configuration keys and their defaults, shared by the agent, the triggers and validation.</summary>
public static class GitSource
{
    public const string DefaultBranch = "main";
    public const string Repository = "Repository";
    public const string Branch = "Branch";
    public const string Commit = "Commit";
    /// <summary>Set by a trigger: the ref to fetch when the commit is not on a branch (a pull request's head).</summary>
    public const string Ref = "Ref";
    public const string PullRequestId = "PullRequestId";
    public const string CredentialSecret = "CredentialSecret";
    public const string WebhookSecret = "WebhookSecret";
    public const string DefaultWebhookSecret = "webhook";
    public const string PollForSourceChanges = "PollForSourceChanges";

    public static string BranchOf(ActionDefinition action) =>
        action.Configuration.TryGetValue(Branch, out var branch) && branch.Length > 0 ? branch : DefaultBranch;

    public static bool Polls(ActionDefinition action) =>
        !action.Configuration.TryGetValue(PollForSourceChanges, out var poll) || poll != "false";

    public static string WebhookSecretOf(ActionDefinition action) =>
        action.Configuration.GetValueOrDefault(WebhookSecret) ?? DefaultWebhookSecret;
}
