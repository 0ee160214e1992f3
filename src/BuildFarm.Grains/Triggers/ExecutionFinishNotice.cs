using BuildFarm.Core.Executions;
using BuildFarm.Core.Triggers;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains.Triggers;

/// <summary>Tells the pipeline's hooks that an execution ended (commit statuses, downstream pipelines).</summary>
public static class ExecutionFinishNotice
{
    /// <summary>False when the hooks could not be told; the execution's watchdog tries again (handling is idempotent).</summary>
    public static async Task<bool> SendAsync(IGrainFactory grains, ExecutionRun run, ILogger logger)
    {
        try
        {
            await grains.Get<IPipelineHooksGrain>(run.Pipeline).ExecutionFinishedAsync(ExecutionOutcome.Of(run));
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Execution {Execution}: could not tell pipeline {Pipeline}'s hooks that it ended; the watchdog tries again", run.Id, run.Pipeline);
            return false;
        }
    }
}
