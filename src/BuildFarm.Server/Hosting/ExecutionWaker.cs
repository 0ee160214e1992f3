using BuildFarm.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Server.Hosting;

/// <summary>
/// After the silo starts, wakes every unfinished execution so that it resumes at once (queued jobs back in the
/// queue, running leases given time to be renewed) instead of at its next watchdog reminder.
/// </summary>
public sealed class ExecutionWaker(IGrainFactory grains, ILogger<ExecutionWaker> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => WakeAllAsync(grains, logger, resume: false, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Wakes (activates) every execution of the <c>active-executions</c> catalog; with <paramref name="resume"/>, an
    /// execution that is already active recovers again too.
    /// </summary>
    public static async Task WakeAllAsync(IGrainFactory grains, ILogger logger, bool resume, CancellationToken cancellationToken)
    {
        var active = await grains.Get<ICatalogGrain>(CatalogKeys.ActiveExecutions).ListAsync();
        if (active.Count == 0) return;
        logger.LogInformation("Resuming {Count} unfinished execution(s)", active.Count);
        await Parallel.ForEachAsync(active, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (id, _) =>
            {
                try
                {
                    var execution = grains.Get<IExecutionGrain>(id);
                    await (resume ? execution.ResumeAsync() : execution.WakeAsync());
                }
                catch (Exception e) { logger.LogWarning(e, "Could not resume execution {Execution}; its watchdog will", id); }
            });
    }
}
