using Grpc.Core;
using Polly;
using Polly.Retry;

namespace BuildFarm.Agent.Connection;

/// <summary>
/// The retry layer, one policy per class of call. Transient statuses retry with exponential backoff and jitter
/// (capped at 5 s); everything else (InvalidArgument, FailedPrecondition, NotFound, PermissionDenied, ...) does not.
/// </summary>
internal static class RetryPolicies
{
    public static bool IsTransient(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
            or StatusCode.Internal or StatusCode.Aborted => true,
        // Unknown is transient only when the transport produced it; a server's Unknown is a handler's exception.
        StatusCode.Unknown => e.Status.DebugException is not null,
        _ => false,
    };

    /// <summary>What a call reports on each retry (set per call, in its resilience context).</summary>
    public static readonly ResiliencePropertyKey<Action<RpcException, int>> OnRetry = new("buildfarm.on-retry");

    // Built once: building a pipeline validates its options by reflection, which cost more than the call it wraps.

    /// <summary>Retries as long as the caller waits (registration, acquiring work).</summary>
    public static ResiliencePipeline Forever { get; } = Build(int.MaxValue);

    /// <summary>About ten minutes: a result must survive a short outage.</summary>
    public static ResiliencePipeline Patient { get; } = Build(120);

    /// <summary>A few tries: logs, artifact transfers.</summary>
    public static ResiliencePipeline Few { get; } = Build(5);

    /// <summary>Heartbeats: the next tick is the real retry.</summary>
    public static ResiliencePipeline OneRetry { get; } = Build(1);

    private static ResiliencePipeline Build(int attempts) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = attempts,
            OnRetry = args =>
            {
                if (args.Outcome.Exception is RpcException e && args.Context.Properties.TryGetValue(OnRetry, out var report))
                    report(e, args.AttemptNumber);
                return default;
            },
        }).Build();
}
