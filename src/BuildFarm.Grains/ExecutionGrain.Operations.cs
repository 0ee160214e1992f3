using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains;

/// <summary>What people do to a running or failed execution: stop, retry a stage, approve or reject, and rollbacks.</summary>
public sealed partial class ExecutionGrain
{
    public async Task<ExecutionSummaryRecord> StopAsync(bool abandon, string by, string? reason)
    {
        var effects = Apply(() => Run.StopExecution(abandon, by, reason, time.GetUtcNow()));
        await PersistAsync();
        logger.LogInformation("Execution {Execution}: stopped by {By} (abandon: {Abandon})", Id, by, abandon);
        await CarryOutAsync(effects);
        return Summary();
    }

    public async Task RetryStageAsync(string stage, StageRetryMode mode, string by)
    {
        Apply(() =>
        {
            Run.CheckRetry(stage);
            return 0;
        });
        var index = StageIndex(stage);
        // Asked first, so that a refusal changes nothing; the gate asks again (atomically) when the stage is entered.
        if ((await Stage(index).GetAsync()).WhyNoReentry(Id, Run.Definition.ExecutionMode) is { } refusal)
            throw FarmException.Precondition($"stage '{stage}' of execution '{Id}' cannot be retried: {refusal}");
        var effects = Apply(() => Run.RetryStage(stage, mode, by, time.GetUtcNow()));
        await PersistAsync();
        await WatchAsync();
        await CarryOutAsync(effects);
    }

    public async Task PutApprovalAsync(string stage, string action, bool approved, string by, string? comment)
    {
        var effects = Apply(() => Run.PutApproval(stage, action, approved, by, comment, time.GetUtcNow()));
        await PersistAsync();
        await CarryOutAsync(effects);
    }

    public Task<RollbackSource> GetRollbackSourceAsync(string stage) =>
        Task.FromResult(Apply(() => Run.RollbackSourceFor(stage)));

    /// <summary>Asks the pipeline for every rollback this execution's conditions requested; false when one could not be asked yet (the watchdog asks again).</summary>
    private async Task<bool> RequestPendingRollbacksAsync()
    {
        var run = Run;
        foreach (var request in run.AutomatedRollbacks.Where(r => r.Pending).ToList())
        {
            try
            {
                var started = await grains.Get<IPipelineGrain>(run.Pipeline).RollbackAsync(request.Stage, null, "onFailure/onSuccess", Id);
                run.RecordAutomatedRollback(request.Stage, started.ExecutionId, null);
            }
            catch (FarmException e)
            {
                run.RecordAutomatedRollback(request.Stage, null, e.Message);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Execution {Execution}: could not request the rollback of stage {Stage}; the watchdog asks again", Id, request.Stage);
                return false;
            }
            await PersistAsync();
        }
        return true;
    }

    /// <summary>Applies a Core rule, turning its refusals into the farm's (which keep their kind across grain calls).</summary>
    private static T Apply<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (ExecutionRuleException e)
        {
            throw e.Kind switch
            {
                ExecutionRuleError.NotFound => FarmException.NotFound(e.Message),
                ExecutionRuleError.InvalidArgument => FarmException.Invalid(e.Message),
                _ => FarmException.Precondition(e.Message),
            };
        }
    }
}
