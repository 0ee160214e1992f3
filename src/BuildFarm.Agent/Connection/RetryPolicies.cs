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

    /// <summary>Retries as long as the caller waits (registration, acquiring work).</summary>
    public static ResiliencePipeline Forever(Action<RpcException, int>? onRetry = null) => Build(int.MaxValue, onRetry);

    /// <summary>About ten minutes: a result must survive a short outage.</summary>
    public static ResiliencePipeline Patient(Action<RpcException, int>? onRetry = null) => Build(120, onRetry);

    /// <summary>A few tries: logs, artifact transfers.</summary>
    public static ResiliencePipeline Few(Action<RpcException, int>? onRetry = null) => Build(5, onRetry);

    /// <summary>Heartbeats: the next tick is the real retry.</summary>
    public static ResiliencePipeline OneRetry(Action<RpcException, int>? onRetry = null) => Build(1, onRetry);

    private static ResiliencePipeline Build(int attempts, Action<RpcException, int>? onRetry) =>
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
                if (args.Outcome.Exception is RpcException e) onRetry?.Invoke(e, args.AttemptNumber);
                return default;
            },
        }).Build();
}
