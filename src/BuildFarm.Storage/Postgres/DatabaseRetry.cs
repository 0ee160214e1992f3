using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Polly;
using Polly.Retry;

namespace BuildFarm.Storage.Postgres;

/// <summary>
/// How the cluster profile's storage meets a database that drops the connection (restart, failover): the operation is
/// retried with backoff for up to <c>retryLimit</c>. Past the limit a write deactivates the calling activation, so that
/// its next call reloads state from the database instead of trusting memory that may be ahead of it, and the caller
/// gets a <see cref="DatabaseUnavailableException"/>.
/// </summary>
public sealed class DatabaseRetry(IGrainContextAccessor contexts, TimeSpan retryLimit, ILogger logger)
{
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
                logger.LogWarning("The database is not answering ({Error}); retrying storage", args.Outcome.Exception?.Message);
            return default;
        },
    }).Build();

    /// <summary>
    /// Runs one storage operation until it succeeds, fails for a reason other than the connection, or the limit passes.
    /// <paramref name="attempt"/> is told whether an earlier try failed on the connection (its write may have landed).
    /// <paramref name="action"/> completes "could not ..." in the failure's message, such as "write execution ex-1".
    /// </summary>
    public async Task<T> RunAsync<T>(string action, bool writes, Func<bool, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken = default)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Started, Stopwatch.GetTimestamp());
        var failedBefore = false;
        try
        {
            return await retry.ExecuteAsync(async ctx =>
            {
                try
                {
                    return await attempt(failedBefore, ctx.CancellationToken);
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
            // A failed read changed nothing; deactivating during activation would only bounce the call.
            if (writes)
                contexts.GrainContext?.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "storage unavailable"));
            // Without the inner exception: the database driver's exceptions cannot cross to other nodes.
            throw new DatabaseUnavailableException(
                $"the database (PostgreSQL) did not answer for {retryLimit.TotalSeconds:0.#} s: could not {action}: {e.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task RunAsync(string action, bool writes, Func<bool, CancellationToken, Task> attempt, CancellationToken cancellationToken = default) =>
        RunAsync(action, writes, async (failedBefore, token) =>
        {
            await attempt(failedBefore, token);
            return true;
        }, cancellationToken);
}
