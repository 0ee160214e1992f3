using BuildFarm.Cli.Rendering;
using Grpc.Core;
using Polly;
using Polly.Retry;

namespace BuildFarm.Cli.Watching;

/// <summary>
/// Re-opens a server stream that broke (server restart, lost connection) until it completes, backing off while
/// the server is away. Gives up when nothing has arrived for <see cref="Patience"/>; every message received
/// (<see cref="Progressed"/>) starts that wait anew.
/// </summary>
public sealed class StreamResume(Terminal terminal, string what, TimeProvider clock)
{
    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(2);

    private DateTimeOffset _lastProgress;
    private int _failuresSinceProgress;

    public void Progressed()
    {
        _lastProgress = clock.GetUtcNow();
        if (_failuresSinceProgress > 0) terminal.ErrorMarkup($"[grey]{Terminal.Escape(what)}: reconnected[/]");
        _failuresSinceProgress = 0;
    }

    /// <summary>Runs <paramref name="attempt"/> until it returns true (the stream ended where it should).</summary>
    public async Task<bool> RunAsync(Func<CancellationToken, ValueTask<bool>> attempt, CancellationToken cancellationToken)
    {
        _lastProgress = clock.GetUtcNow();
        var pipeline = new ResiliencePipelineBuilder<bool>()
            .AddRetry(new RetryStrategyOptions<bool>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, cancellationToken)),
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(Backoff(_failuresSinceProgress)),
                OnRetry = args =>
                {
                    if (_failuresSinceProgress++ == 0)
                        terminal.ErrorMarkup($"[yellow]{Terminal.Escape(what)}: {Terminal.Escape(Reason(args.Outcome))}; reconnecting[/]");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(attempt, cancellationToken);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted while the stream was broken: report the interruption, not the last break.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public static bool IsTransient(RpcException e) => e.StatusCode is
        StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.DeadlineExceeded;

    private bool ShouldRetry(Outcome<bool> outcome, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || clock.GetUtcNow() - _lastProgress > Patience) return false;
        return outcome.Exception switch
        {
            RpcException e => IsTransient(e),
            null => !outcome.Result,
            _ => false,
        };
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, Math.Min(failures, 10))));

    private static string Reason(Outcome<bool> outcome) => outcome.Exception is RpcException e
        ? $"the stream broke ({e.StatusCode}: {e.Status.Detail})"
        : "the server closed the stream early";
}
