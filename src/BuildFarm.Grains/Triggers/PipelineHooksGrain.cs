using System.Collections.Concurrent;
using BuildFarm.Core.Triggers;
using BuildFarm.Git;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains.Triggers;

[GenerateSerializer, Alias("pipeline-hooks-state")]
public sealed class PipelineHooksState
{
    [Id(0)] public SortedSet<string> Downstream { get; set; } = [];

    /// <summary>Final commit statuses accepted but not yet delivered: the outbox, kept across crashes.</summary>
    [Id(1)] public List<PendingCommitStatus> PendingStatuses { get; set; } = [];
}

[GenerateSerializer, Alias("pending-commit-status")]
public sealed class PendingCommitStatus
{
    /// <summary><c>EXECUTION/INDEX</c>: one per CommitStatus action of an execution.</summary>
    [Id(0)] public string Key { get; set; } = "";
    [Id(1)] public Dictionary<string, string> Configuration { get; set; } = [];
    [Id(2)] public string State { get; set; } = "";
    [Id(3)] public string Description { get; set; } = "";
    [Id(4)] public int Attempts { get; set; }
    [Id(5)] public DateTimeOffset NextAttemptAt { get; set; }
}

public sealed class PipelineHooksGrain(
    [PersistentState("pipeline-hooks", FarmGrainOptions.StorageName)] IPersistentState<PipelineHooksState> state,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<PipelineHooksGrain> logger) : Grain, IPipelineHooksGrain, IRemindable
{
    /// <summary>Wakes the outbox after a crash (timers die with the activation; reminders do not).</summary>
    private const string DeliveryReminder = "commit-status-delivery";
    private static readonly TimeSpan DeliveryTick = TimeSpan.FromSeconds(1);

    /// <summary>Posts run off the grain's turn (a slow endpoint must not hold an execution's end); their outcomes wait here for the next tick.</summary>
    private readonly ConcurrentQueue<DeliveryOutcome> outcomes = new();
    private readonly HashSet<string> inFlight = [];
    private IGrainTimer? deliveryTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.PendingStatuses.Count > 0) StartDelivery();
        return Task.CompletedTask;
    }

    public async Task SubscribeAsync(string downstreamPipeline)
    {
        if (state.State.Downstream.Add(downstreamPipeline)) await state.WriteStateAsync();
    }

    public async Task UnsubscribeAsync(string downstreamPipeline)
    {
        if (state.State.Downstream.Remove(downstreamPipeline)) await state.WriteStateAsync();
    }

    public async Task ExecutionFinishedAsync(ExecutionOutcome outcome)
    {
        await QueueCommitStatusesAsync(outcome);
        foreach (var downstream in state.State.Downstream)
        {
            try
            {
                await grains.Get<IPipelineTriggersGrain>(downstream).OnUpstreamFinishedAsync(outcome);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pipeline {Pipeline}: downstream {Downstream} could not take execution {Execution}", this.GetPrimaryKeyString(), downstream, outcome.ExecutionId);
            }
        }
    }

    public Task<IReadOnlyList<string>> ListDownstreamAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Downstream]);

    public Task<int> CountPendingCommitStatusesAsync() => Task.FromResult(state.State.PendingStatuses.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == DeliveryReminder) StartDelivery();
        return Task.CompletedTask;
    }

    /// <summary>The final state for each CommitStatus action that ran, in the outbox (durable) before the execution hears back.</summary>
    private async Task QueueCommitStatusesAsync(ExecutionOutcome outcome)
    {
        var description = Truncate(outcome.StatusSummary ?? $"execution {outcome.ExecutionId} {outcome.Status.ToString().ToLowerInvariant()}");
        var queued = 0;
        for (var i = 0; i < outcome.CommitStatuses.Count; i++)
        {
            var key = $"{outcome.ExecutionId}/{i}";
            if (state.State.PendingStatuses.Any(p => p.Key == key)) continue;
            state.State.PendingStatuses.Add(new PendingCommitStatus
            {
                Key = key, Configuration = outcome.CommitStatuses[i], State = outcome.CommitState, Description = description,
                NextAttemptAt = time.GetUtcNow(),
            });
            queued++;
        }
        if (queued == 0) return;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(DeliveryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartDelivery();
    }

    private void StartDelivery() => deliveryTimer ??= this.RegisterGrainTimer(_ => DeliverAsync(), new GrainTimerCreationOptions
    {
        DueTime = TimeSpan.Zero,
        Period = DeliveryTick,
        KeepAlive = true,
    });

    /// <summary>One tick of the outbox: record what finished, start what is due, stop when nothing is left.</summary>
    private async Task DeliverAsync()
    {
        var pending = state.State.PendingStatuses;
        var changed = false;
        while (outcomes.TryDequeue(out var finished))
        {
            inFlight.Remove(finished.Key);
            if (pending.Find(p => p.Key == finished.Key) is not { } status) continue;
            changed = true;
            if (finished.Delivered) { pending.Remove(status); continue; }
            status.Attempts++;
            if (!finished.Hopeless && CommitStatusDelivery.NextWait(status.Attempts, finished.HttpStatus) is { } wait) status.NextAttemptAt = time.GetUtcNow() + wait;
            else
            {
                logger.LogWarning("Execution {Key}: gave up posting commit status '{State}' after {Attempts} attempt(s)", status.Key, status.State, status.Attempts);
                pending.Remove(status);
            }
        }
        if (changed) await state.WriteStateAsync();
        if (pending.Count == 0 && inFlight.Count == 0)
        {
            deliveryTimer?.Dispose();
            deliveryTimer = null;
            if (await this.GetReminder(DeliveryReminder) is { } reminder) await this.UnregisterReminder(reminder);
            return;
        }
        var now = time.GetUtcNow();
        foreach (var status in pending.Where(p => p.NextAttemptAt <= now && !inFlight.Contains(p.Key)).ToList())
        {
            inFlight.Add(status.Key);
            var key = status.Key;
            try
            {
                var (url, commitStatus, tokenSecret) = CommitStatusPoster.FromConfiguration(status.Configuration, status.State);
                commitStatus = commitStatus with { Description = status.Description };
                var token = tokenSecret is null ? null : await grains.Get<ISecretGrain>(ISecretGrain.Key).RevealAsync(tokenSecret);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await CommitStatusPoster.PostAsync(url, commitStatus, token, CancellationToken.None);
                        outcomes.Enqueue(new DeliveryOutcome(key, Delivered: true));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        logger.LogWarning("Execution {Key}: posting commit status '{State}' to {Url} failed: {Reason}", key, commitStatus.State, url, e.Message);
                        outcomes.Enqueue(new DeliveryOutcome(key, Delivered: false, (int?)(e as HttpRequestException)?.StatusCode));
                    }
                    catch (Exception e)
                    {
                        // Not the endpoint's answer (a malformed URL...): repeating it cannot succeed.
                        logger.LogWarning("Execution {Key}: commit status '{State}' cannot be posted to '{Url}': {Reason}", key, commitStatus.State, url, e.Message);
                        outcomes.Enqueue(new DeliveryOutcome(key, Delivered: false, Hopeless: true));
                    }
                });
            }
            catch (FarmException e)
            {
                logger.LogWarning("Execution {Key}: commit status cannot be posted: {Reason}", key, e.Message);
                outcomes.Enqueue(new DeliveryOutcome(key, Delivered: false, Hopeless: true));
            }
        }
    }

    /// <summary>What became of one post, recorded by the next tick.</summary>
    private sealed record DeliveryOutcome(string Key, bool Delivered, int? HttpStatus = null, bool Hopeless = false);

    private static string Truncate(string text) => text.Length > 140 ? text[..137] + "..." : text;
}
