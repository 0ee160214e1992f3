using BuildFarm.Core.Triggers;
using BuildFarm.Git;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildFarm.Grains.Triggers;

[GenerateSerializer, Alias("repository-state")]
public sealed class RepositoryState
{
    [Id(0)] public Dictionary<string, RepositorySubscription> Subscribers { get; set; } = [];
    /// <summary>Ref to commit as the last look saw them; null until the first poll took its baseline.</summary>
    [Id(1)] public Dictionary<string, string>? Refs { get; set; }
    [Id(2)] public DateTimeOffset? LastCheckAt { get; set; }
    [Id(3)] public string? Problem { get; set; }
}

/// <summary>
/// Polls on the server: <c>git ls-remote</c> is a tiny call, and one grain per repository means one poll per
/// repository however many pipelines watch it. Changes are handed out before the new refs are stored, so a crash
/// repeats a change rather than losing it; the triggers grain starts each change once.
/// </summary>
public sealed class RepositoryGrain(
    [PersistentState("repository", FarmGrainOptions.StorageName)] IPersistentState<RepositoryState> state,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<TriggerOptions> options,
    ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain, IRemindable
{
    private const string Reminder = "repository-poll";
    private IGrainTimer? timer;

    private string Key => this.GetPrimaryKeyString();

    private bool Polling => state.State.Subscribers.Values.Any(s => s.Poll);

    private string Url => state.State.Subscribers.Values.FirstOrDefault()?.Url ?? Key;

    private GitMirror Mirror => new(options.Value.MirrorDirectory, Url);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmTimer(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task SubscribeAsync(RepositorySubscription subscription)
    {
        if (state.State.Subscribers.TryGetValue(subscription.Pipeline, out var known) && known == subscription) return;
        state.State.Subscribers[subscription.Pipeline] = subscription;
        await state.WriteStateAsync();
        await grains.Get<ICatalogGrain>(CatalogKeys.Repositories).AddAsync(Key);
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        ArmTimer(TimeSpan.Zero);
    }

    public async Task UnsubscribeAsync(string pipeline)
    {
        if (!state.State.Subscribers.Remove(pipeline)) return;
        if (state.State.Subscribers.Count > 0)
        {
            await state.WriteStateAsync();
            return;
        }
        await state.ClearStateAsync();
        timer?.Dispose();
        timer = null;
        if (await this.GetReminder(Reminder) is { } reminder) await this.UnregisterReminder(reminder);
        await grains.Get<ICatalogGrain>(CatalogKeys.Repositories).RemoveAsync(Key);
    }

    public async Task<IReadOnlyList<string>> OnWebhookAsync(RepositoryChange change, IReadOnlyList<string> payloadFiles, bool payloadFilesComplete)
    {
        if (state.State.Subscribers.Count == 0) return [];
        using var credentials = await CredentialsAsync();
        IReadOnlyList<string>? files = null;
        try
        {
            await Mirror.FetchAsync(credentials, change.After, change.PullRequest?.HeadRef, CancellationToken.None);
            files = change.Deleted ? [] : change.Kind switch
            {
                ChangeKind.BranchPush => await Mirror.ChangedFilesAsync(change.Before, change.After!, CancellationToken.None),
                ChangeKind.PullRequest => await Mirror.PullRequestFilesAsync(change.PullRequest!.TargetBranch, change.After!, CancellationToken.None),
                _ => [],
            };
            state.State.Problem = null;
        }
        catch (GitException e)
        {
            state.State.Problem = $"the mirror could not fetch: {e.Message}";
            logger.LogWarning("Repository {Url}: {Problem}", Url, state.State.Problem);
            if (payloadFilesComplete) files = payloadFiles;
        }
        if (change.Kind != ChangeKind.PullRequest && state.State.Refs is { } refs)
        {
            if (change.After is { } after) refs[change.Ref] = after;
            else refs.Remove(change.Ref);
        }
        var started = await HandOutAsync([change with { RepositoryUrl = Url, ChangedFiles = files }], state.State.Subscribers.Values);
        await state.WriteStateAsync();
        return started;
    }

    public async Task<IReadOnlyList<string>> PollAsync()
    {
        if (!Polling) return [];
        using var credentials = await CredentialsAsync();
        IReadOnlyDictionary<string, string> refs;
        try
        {
            refs = await Mirror.ListRemoteAsync(credentials, CancellationToken.None);
        }
        catch (GitException e)
        {
            return await CheckedAsync($"git ls-remote failed: {e.Message}");
        }
        var previous = state.State.Refs;
        var moved = previous is null ? [] : GitRefs.Changes(previous, refs);
        var changes = new List<RepositoryChange>();
        if (moved.Count > 0)
        {
            try
            {
                await Mirror.FetchAsync(credentials, null, null, CancellationToken.None);
            }
            catch (GitException e)
            {
                return await CheckedAsync($"the mirror could not fetch: {e.Message}");
            }
            foreach (var (reference, before, after) in moved)
                changes.Add(new RepositoryChange
                {
                    RepositoryUrl = Url,
                    Kind = reference.StartsWith(GitRefs.TagsPrefix, StringComparison.Ordinal) ? ChangeKind.TagPush : ChangeKind.BranchPush,
                    Ref = reference,
                    Before = before,
                    After = after,
                    ChangedFiles = after is null || reference.StartsWith(GitRefs.TagsPrefix, StringComparison.Ordinal) ? []
                        : await Mirror.ChangedFilesAsync(before, after, CancellationToken.None),
                    Via = "poll",
                });
        }
        var started = await HandOutAsync(changes, state.State.Subscribers.Values.Where(s => s.Poll));
        state.State.Refs = new Dictionary<string, string>(refs);
        await CheckedAsync(null);
        return started;
    }

    public Task<RepositoryStatus> GetStatusAsync() => Task.FromResult(new RepositoryStatus
    {
        Url = Url,
        Subscribers = [.. state.State.Subscribers.Values],
        LastCheckAt = state.State.LastCheckAt,
        Problem = state.State.Problem,
        Polling = Polling,
    });

    /// <summary>The reminder only makes sure the poll timer runs (after a restart or a move to another node).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Subscribers.Count > 0)
        {
            timer ??= NewTimer(TimeSpan.Zero);
            return;
        }
        if (await this.GetReminder(Reminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private async Task<IReadOnlyList<string>> HandOutAsync(IReadOnlyList<RepositoryChange> changes, IEnumerable<RepositorySubscription> subscribers)
    {
        var started = new List<string>();
        var pipelines = subscribers.Select(s => s.Pipeline).ToList();
        foreach (var change in changes)
            foreach (var pipeline in pipelines)
            {
                try
                {
                    started.AddRange(await grains.Get<IPipelineTriggersGrain>(pipeline).OnChangeAsync(change));
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Repository {Url}: pipeline {Pipeline} could not take {Ref} at {Commit}", Url, pipeline, change.Ref, change.After);
                }
            }
        return started;
    }

    private async Task<IReadOnlyList<string>> CheckedAsync(string? problem)
    {
        if (problem is not null) logger.LogWarning("Repository {Url}: {Problem}", Url, problem);
        state.State.LastCheckAt = time.GetUtcNow();
        state.State.Problem = problem;
        await state.WriteStateAsync();
        return [];
    }

    private async Task<GitCredentials> CredentialsAsync()
    {
        var name = state.State.Subscribers.Values.Select(s => s.CredentialSecret).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        if (name is null) return GitCredentials.None;
        var secret = await grains.Get<ISecretGrain>(ISecretGrain.Key).RevealAsync(name);
        return GitCredentials.For(Url, secret, Path.Combine(options.Value.MirrorDirectory, "credentials"));
    }

    private void ArmTimer(TimeSpan due)
    {
        timer?.Dispose();
        timer = state.State.Subscribers.Count == 0 ? null : NewTimer(due);
    }

    /// <summary>One poll, then the next one after the interval plus jitter (a fresh timer each time, so the waits vary).</summary>
    private IGrainTimer NewTimer(TimeSpan due) =>
        this.RegisterGrainTimer(async _ =>
        {
            try
            {
                await PollAsync();
            }
            finally
            {
                var interval = options.Value.PollInterval;
                ArmTimer(interval + interval * (Random.Shared.NextDouble() * options.Value.PollJitter));
            }
        }, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
}
