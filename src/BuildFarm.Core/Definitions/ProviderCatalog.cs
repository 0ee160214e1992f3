namespace BuildFarm.Core.Definitions;

/// <summary>What a provider accepts: the categories it serves, its artifact counts, and its configuration keys.</summary>
public sealed record ProviderSpec(
    string Name,
    IReadOnlyList<string> Categories,
    int MinInputs,
    int MaxInputs,
    int MinOutputs,
    int MaxOutputs,
    IReadOnlyList<string> RequiredConfiguration,
    IReadOnlyList<string> OptionalConfiguration,
    bool TakesCommands,
    string Summary,
    IReadOnlyList<string>? LongConfiguration = null,
    Func<ActionDefinition, IEnumerable<Problem>>? CheckConfiguration = null,
    IReadOnlyList<string>? SecretConfiguration = null,
    Func<IReadOnlyDictionary<string, string>, IEnumerable<string>>? DeclaredSecrets = null)
{
    /// <summary>Keys whose values may be longer than the usual limit (an inline buildspec).</summary>
    public IReadOnlyList<string> LongConfigurationKeys => LongConfiguration ?? [];

    /// <summary>Configuration keys whose value names a farm secret: the job gets that secret's value, and no other.</summary>
    public IReadOnlyList<string> SecretKeys => SecretConfiguration ?? [];

    /// <summary>Every farm secret a job of this configuration may get: the values of its secret keys, and what the provider declares otherwise.</summary>
    public IEnumerable<string> SecretNamesOf(IReadOnlyDictionary<string, string> configuration) =>
        SecretKeys.Select(k => configuration.GetValueOrDefault(k)).OfType<string>()
            .Concat(DeclaredSecrets?.Invoke(configuration) ?? [])
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal);
}

/// <summary>The providers this farm knows. Agents implement them; validation checks declarations against them.</summary>
public static class ProviderCatalog
{
    /// <summary>Snapshots a folder (an absolute path on the agent's machine) into an artifact.</summary>
    public static readonly ProviderSpec Folder = new(
        "Folder", [ActionCategory.Source], 0, 0, 1, 1,
        RequiredConfiguration: ["Path"], OptionalConfiguration: ["Exclude"], TakesCommands: false,
        "snapshots a folder into its output artifact");

    /// <summary>Runs shell commands in a fresh workspace with the input artifacts materialized.</summary>
    public static readonly ProviderSpec Commands = new(
        "Commands", [ActionCategory.Build, ActionCategory.Test, ActionCategory.Compute], 0, 10, 0, 10,
        RequiredConfiguration: [], OptionalConfiguration: ["Shell", "WorkingDirectory"], TakesCommands: true,
        "runs shell commands");

    /// <summary>Runs a CodeBuild buildspec (version 0.2), inline or from the primary source.</summary>
    public static readonly ProviderSpec Buildspec = new(
        "Buildspec", [ActionCategory.Build, ActionCategory.Test], 1, 5, 0, 5,
        RequiredConfiguration: [],
        OptionalConfiguration: [Core.Buildspec.BuildspecConfiguration.BuildSpec, Core.Buildspec.BuildspecConfiguration.PrimarySource,
            Core.Buildspec.BuildspecConfiguration.EnvironmentVariables, Core.Buildspec.BuildspecConfiguration.Secrets],
        TakesCommands: false,
        "runs a CodeBuild buildspec",
        LongConfiguration: [Core.Buildspec.BuildspecConfiguration.BuildSpec],
        CheckConfiguration: Core.Buildspec.BuildspecConfiguration.Check,
        DeclaredSecrets: Core.Buildspec.BuildspecConfiguration.DeclaredSecrets);


    /// <summary>Fetches one commit of a git repository (the triggering one, or the branch head) into an artifact.</summary>
    public static readonly ProviderSpec Git = new(
        "Git", [ActionCategory.Source], 0, 0, 1, 1,
        RequiredConfiguration: ["Repository"],
        OptionalConfiguration: ["Branch", "Commit", "CredentialSecret", "WebhookSecret", "PollForSourceChanges"], TakesCommands: false,
        "fetches a commit of a git repository into its output artifact",
        SecretConfiguration: ["CredentialSecret"]);

    /// <summary>Takes an artifact of the upstream execution that started this one.</summary>
    public static readonly ProviderSpec Upstream = new(
        "Upstream", [ActionCategory.Source], 0, 0, 1, 1,
        RequiredConfiguration: ["Pipeline"], OptionalConfiguration: ["Artifact"], TakesCommands: false,
        "passes on an artifact of the upstream pipeline's execution");

    /// <summary>Posts the execution's state for a commit in GitHub's commit-status shape.</summary>
    public static readonly ProviderSpec CommitStatus = new(
        "CommitStatus", [ActionCategory.Invoke], 0, 1, 0, 0,
        RequiredConfiguration: ["Url"], OptionalConfiguration: ["Context", "Description", "TargetUrl", "TokenSecret"], TakesCommands: false,
        "posts the execution's state for a commit to an HTTP endpoint",
        SecretConfiguration: ["TokenSecret"]);

    /// <summary>
    /// A manual approval: never a job; the execution waits for approve or reject (or the timeout). CustomData is the
    /// summary shown to reviewers, ExternalEntityLink a URL for them to look at.
    /// </summary>
    public static readonly ProviderSpec Manual = new(
        "Manual", [ActionCategory.Approval], 0, 0, 0, 0,
        RequiredConfiguration: [], OptionalConfiguration: ["CustomData", "ExternalEntityLink"], TakesCommands: false,
        "waits for a person to approve or reject");

    /// <summary>CodePipeline's default approval timeout: 7 days.</summary>
    public const int ManualApprovalDefaultTimeoutMinutes = 7 * 24 * 60;

    /// <summary>CodePipeline's longest approval timeout: 60 days.</summary>
    public const int ManualApprovalMaxTimeoutMinutes = 60 * 24 * 60;


    public static readonly IReadOnlyList<ProviderSpec> All = [Folder, Commands, Buildspec, Git, Upstream, CommitStatus, Manual];

    public static ProviderSpec? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
