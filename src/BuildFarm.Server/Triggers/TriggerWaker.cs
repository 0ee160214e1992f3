using BuildFarm.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Server.Triggers;

/// <summary>
/// After the silo starts: hands every pipeline's newest declaration to its triggers again (repairing subscriptions a
/// crash cut short), and wakes every watched repository and schedule, so polling resumes and a slot missed while the
/// farm was down fires at once.
/// </summary>
public sealed class TriggerWaker(IGrainFactory grains, ILogger<TriggerWaker> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var pipeline in await grains.Get<ICatalogGrain>(CatalogKeys.Pipelines).ListAsync())
            await WakeAsync("pipeline", pipeline, async () =>
                await grains.Get<IPipelineTriggersGrain>(pipeline).ConfigureAsync((await grains.Get<IPipelineGrain>(pipeline).GetAsync(0)).Definition));
        foreach (var repository in await grains.Get<ICatalogGrain>(CatalogKeys.Repositories).ListAsync())
            await WakeAsync("repository", repository, () => grains.Get<IRepositoryGrain>(repository).GetStatusAsync());
        foreach (var schedule in await grains.Get<ICatalogGrain>(CatalogKeys.Schedules).ListAsync())
            await WakeAsync("schedule", schedule, () => grains.Get<IScheduleGrain>(schedule).GetStatusAsync());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WakeAsync(string what, string key, Func<Task> wake)
    {
        try { await wake(); }
        catch (Exception e) { logger.LogWarning(e, "Could not wake {What} {Key}; its reminder will", what, key); }
    }
}
