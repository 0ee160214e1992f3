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
    string Summary);

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

    public static readonly IReadOnlyList<ProviderSpec> All = [Folder, Commands, Manual];

    public static ProviderSpec? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
