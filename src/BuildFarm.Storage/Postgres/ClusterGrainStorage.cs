using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using Polly;
using Polly.Retry;

namespace BuildFarm.Storage.Postgres;

/// <summary>
/// Wraps the Orleans ADO.NET grain storage for the cluster profile:
/// <list type="bullet">
/// <item>Every grain key reaches the provider as a prefixed string key. The provider parses keys that look like hex
/// numbers ("beef", "0BEEF") as integer keys, so two names could otherwise share a row.</item>
/// <item>A database that drops the connection (restart, failover) is retried for up to <c>retryLimit</c>. A write
/// whose first try reached the database although its answer was lost is recognised by reading the row back.</item>
/// <item>Past the limit the activation is deactivated, so that its next call reloads state from the database instead
/// of trusting memory that is ahead of it, and the caller gets a <see cref="DatabaseUnavailableException"/>.</item>
/// </list>
/// </summary>
public sealed class ClusterGrainStorage(
    IGrainStorage inner,
    IGrainStorageSerializer serializer,
    IGrainContextAccessor contexts,
    TimeSpan retryLimit,
    ILogger<ClusterGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    internal const string KeyPrefix = "key:";
    private static readonly ResiliencePropertyKey<long> Started = new("farm-started");

    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
    {
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && TransientDatabaseErrors.IsTransient(e)
            && Stopwatch.GetElapsedTime(args.Context.Properties.GetValue(Started, 0)) < retryLimit),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(2),
        MaxRetryAttempts = int.MaxValue,
        OnRetry = args =>
        {
            if (args.AttemptNumber % 5 == 0)
                logger.LogWarning("The database is not answering ({Error}); retrying grain storage", args.Outcome.Exception?.Message);
            return default;
        },
    }).Build();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("read", stateName, grainId, _ => inner.ReadStateAsync(stateName, Unambiguous(grainId), grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("write", stateName, grainId, async failedBefore =>
        {
            try
            {
                await inner.WriteStateAsync(stateName, Unambiguous(grainId), grainState);
            }
            catch (InconsistentStateException) when (failedBefore)
            {
                if (!await AlreadyWrittenAsync(stateName, grainId, grainState)) throw;
            }
        });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("clear", stateName, grainId, _ => inner.ClearStateAsync(stateName, Unambiguous(grainId), grainState));

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant) participant.Participate(lifecycle);
    }

    /// <summary>The grain id the provider sees: same type, the key behind a prefix that no number parser accepts.</summary>
    internal static GrainId Unambiguous(GrainId grainId) => GrainId.Create(grainId.Type, IdSpan.Create(KeyPrefix + grainId.Key));

    /// <summary>Runs one storage operation; its argument says whether an earlier try failed on the connection.</summary>
    private async Task RunAsync(string operation, string stateName, GrainId grainId, Func<bool, Task> attempt)
    {
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(Started, Stopwatch.GetTimestamp());
        var failedBefore = false;
        try
        {
            await retry.ExecuteAsync(async _ =>
            {
                try
                {
                    await attempt(failedBefore);
                }
                catch (Exception e) when (TransientDatabaseErrors.IsTransient(e))
                {
                    failedBefore = true;
                    throw;
                }
            }, context);
        }
        catch (Exception e) when (TransientDatabaseErrors.IsTransient(e))
        {
            // After a failed write, memory may be ahead of the database: the next call must start from what the
            // database holds. (A failed read changed nothing; deactivating during activation would only bounce the call.)
            if (operation != "read")
                contexts.GrainContext?.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "grain storage unavailable"));
            // Without the inner exception: the database driver's exceptions cannot cross to other nodes.
            throw new DatabaseUnavailableException(
                $"the database (PostgreSQL) did not answer for {retryLimit.TotalSeconds:0.#} s: could not {operation} state '{stateName}' of {grainId}: {e.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>After a lost answer: whether the row already holds exactly this state (then its version is ours).</summary>
    private async Task<bool> AlreadyWrittenAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<T>();
        await inner.ReadStateAsync(stateName, Unambiguous(grainId), stored);
        if (!stored.RecordExists || !serializer.Serialize(stored.State).ToMemory().Span.SequenceEqual(serializer.Serialize(grainState.State).ToMemory().Span))
            return false;
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
        return true;
    }
}
