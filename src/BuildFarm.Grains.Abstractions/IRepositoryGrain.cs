using BuildFarm.Core.Triggers;

namespace BuildFarm.Grains;

/// <summary>
/// One watched repository (keyed by <see cref="RepositoryUrls.Key"/> of its URL), shared by every pipeline that
/// watches it: polls it with <c>git ls-remote</c> (interval with jitter), keeps a bare mirror to compute changed
/// files, takes webhook changes, and hands each change to the subscribed pipelines' triggers.
/// </summary>
public interface IRepositoryGrain : IGrainWithStringKey
{
    /// <remarks>One-way, as every call from triggers to what they watch: events flow the other way and wait.</remarks>
    [OneWay] Task SubscribeAsync(RepositorySubscription subscription);

    [OneWay] Task UnsubscribeAsync(string pipeline);

    /// <summary>A change a webhook reported; answers the executions started.</summary>
    Task<IReadOnlyList<string>> OnWebhookAsync(RepositoryChange change, IReadOnlyList<string> payloadFiles, bool payloadFilesComplete);

    /// <summary>Polls now (besides the timer); answers the executions started.</summary>
    Task<IReadOnlyList<string>> PollAsync();

    [AlwaysInterleave] Task<RepositoryStatus> GetStatusAsync();
}

[GenerateSerializer, Immutable, Alias("repository-subscription")]
public sealed record RepositorySubscription
{
    [Id(0)] public required string Pipeline { get; init; }
    [Id(1)] public required string Url { get; init; }
    [Id(2)] public string? CredentialSecret { get; init; }
    [Id(3)] public required string WebhookSecret { get; init; }
    [Id(4)] public required bool Poll { get; init; }
}

[GenerateSerializer, Immutable, Alias("repository-status")]
public sealed record RepositoryStatus
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public IReadOnlyList<RepositorySubscription> Subscribers { get; init; } = [];
    [Id(2)] public DateTimeOffset? LastCheckAt { get; init; }
    [Id(3)] public string? Problem { get; init; }
    [Id(4)] public bool Polling { get; init; }
}
