using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>Stage transitions, the pipeline's state per stage, and rollbacks.</summary>
public sealed partial class PipelineGrain
{
    public const int MaxReasonLength = 300;

    public async Task<StartedExecution> RollbackAsync(string stage, string? targetExecutionId, string requestedBy, string? automatedFrom)
    {
        var latest = Latest ?? throw FarmException.NotFound($"pipeline '{Name}' does not exist");
        var key = automatedFrom is null ? null : $"{automatedFrom}/{stage}";
        if (key is not null && executions.State.AutomatedRollbacks.TryGetValue(key, out var earlier)) return new StartedExecution(earlier, 0);
        if (latest.Definition.ExecutionMode == ExecutionMode.Parallel)
            throw FarmException.Precondition($"pipeline '{Name}' runs in PARALLEL mode, which has no rollback: executions do not pass its stages " +
                                             "one after another, so there is no last good execution to return to");
        var definition = StageOf(latest, stage);
        if (definition.HasSourceActions()) throw FarmException.Precondition($"stage '{stage}' holds Source actions; a source stage cannot be rolled back");

        var targetId = targetExecutionId;
        if (targetId is null)
        {
            var gate = await grains.Get<IStageGrain>(IStageGrain.KeyOf(Name, stage)).GetAsync();
            targetId = gate.Successes.LastOrDefault()?.ExecutionId
                       ?? throw FarmException.Precondition($"no execution of pipeline '{Name}' has succeeded through stage '{stage}' yet; " +
                                                           "there is nothing to roll back to");
        }
        else if (!executions.State.ExecutionIds.Contains(targetId))
            throw FarmException.NotFound($"pipeline '{Name}' has no execution '{targetId}'");

        var source = await grains.Get<IExecutionGrain>(targetId).GetRollbackSourceAsync(stage);
        var trigger = automatedFrom is null
            ? $"manual rollback by {requestedBy}: stage '{stage}' to {targetId}"
            : $"automated rollback ({requestedBy} of {automatedFrom}): stage '{stage}' to {targetId}";
        var run = ExecutionRun.CreateRollback(ExecutionIds.New(), source, automatedFrom is not null, trigger, time.GetUtcNow());
        await grains.Get<IExecutionGrain>(run.Id).StartAsync(new(run));
        executions.State.ExecutionIds.Add(run.Id);
        if (key is not null) executions.State.AutomatedRollbacks[key] = run.Id;
        await executions.WriteStateAsync();
        return new StartedExecution(run.Id, run.PipelineVersion);
    }

    public async Task SetTransitionAsync(string stage, bool enabled, string? reason, string by)
    {
        var latest = Latest ?? throw FarmException.NotFound($"pipeline '{Name}' does not exist");
        StageOf(latest, stage);
        if (!enabled && string.IsNullOrWhiteSpace(reason))
            throw FarmException.Invalid("reason: disabling a transition needs a reason (it is shown to whoever finds executions waiting there)");
        if (reason is { Length: > MaxReasonLength })
            throw FarmException.Invalid($"reason: {reason.Length} characters; at most {MaxReasonLength}");
        await grains.Get<IStageGrain>(IStageGrain.KeyOf(Name, stage)).SetInboundAsync(enabled, enabled ? null : reason, by, latest.Definition.ExecutionMode);
    }

    public async Task<PipelineStateRecord> GetStateAsync()
    {
        var latest = Latest ?? throw FarmException.NotFound($"pipeline '{Name}' does not exist");
        var gates = await Task.WhenAll(latest.Definition.Stages.Select(s => grains.Get<IStageGrain>(IStageGrain.KeyOf(Name, s.Name)).GetAsync()));
        return new PipelineStateRecord
        {
            Name = Name,
            LatestVersion = latest.Version,
            Stages = latest.Definition.Stages.Select((s, i) => new StageStateRecord { Name = s.Name, Gate = gates[i] }).ToList(),
        };
    }

    private StageDefinition StageOf(PipelineVersionRecord version, string stage) =>
        version.Definition.Stages.FirstOrDefault(s => s.Name == stage)
        ?? throw FarmException.NotFound($"pipeline '{Name}' (version {version.Version}) has no stage '{stage}' " +
                                        $"(stages: {string.Join(", ", version.Definition.Stages.Select(s => s.Name))})");
}
