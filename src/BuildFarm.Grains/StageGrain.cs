using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Grains;

/// <summary>The gate of one stage. The rules are <see cref="StageGate"/>'s; this grain persists and notifies.</summary>
public sealed class StageGrain(
    [PersistentState("stage", FarmGrainOptions.StorageName)] IPersistentState<StageGate> gate,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<StageGrain> logger) : Grain, IStageGrain
{
    /// <summary>Keys are <c>pipeline/stage</c>; pipeline names cannot contain '/'.</summary>
    private string StageName => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    public async Task<GateDecision> EnterAsync(string executionId, ExecutionMode mode)
    {
        var known = gate.State.Occupants.Contains(executionId) || gate.State.Waiting.Contains(executionId);
        var (decision, changes) = gate.State.Enter(executionId, mode);
        if (!known) await gate.WriteStateAsync();
        Notify(changes, executionId);
        return decision;
    }

    public async Task LeaveAsync(string executionId, ExecutionMode mode)
    {
        if (!gate.State.Occupants.Contains(executionId) && !gate.State.Waiting.Contains(executionId)) return;
        var changes = gate.State.Leave(executionId, mode);
        await gate.WriteStateAsync();
        Notify(changes, executionId);
    }

    public Task<StageGate> GetAsync() => Task.FromResult(gate.State.DeepCopy());

    public async Task ExitAsync(string executionId, ExecutionMode mode, StageSuccess? success)
    {
        var inside = gate.State.Occupants.Contains(executionId) || gate.State.Waiting.Contains(executionId);
        var changes = inside ? gate.State.Leave(executionId, mode) : StageGate.Changes.None;
        var recorded = success is not null && gate.State.RecordSuccess(success);
        if (!inside && !recorded) return;
        await gate.WriteStateAsync();
        Notify(changes, executionId);
    }

    public async Task<string?> ReenterAsync(string executionId, ExecutionMode mode)
    {
        var refusal = gate.State.Reenter(executionId, mode);
        if (refusal is null) await gate.WriteStateAsync();
        return refusal;
    }

    public async Task SetInboundAsync(bool enabled, string? reason, string by, ExecutionMode mode)
    {
        var changes = gate.State.SetInbound(enabled, reason, by, time.GetUtcNow(), mode);
        await gate.WriteStateAsync();
        Notify(changes, "");
    }

    /// <summary>
    /// Tells executions about admissions and supersessions without awaiting them: an execution may be awaiting this
    /// grain right now. A lost notice is repaired by the execution's watchdog, which asks the gate again.
    /// </summary>
    private void Notify(StageGate.Changes changes, string cause)
    {
        foreach (var admitted in changes.Admitted)
            _ = Send(admitted, e => e.StageAdmittedAsync(StageName));
        foreach (var superseded in changes.Superseded)
            _ = Send(superseded, e => e.SupersededAsync(StageName, cause));
    }

    private async Task Send(string executionId, Func<IExecutionGrain, Task> notice)
    {
        try
        {
            await notice(grains.Get<IExecutionGrain>(executionId));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Stage {Stage}: could not notify execution {Execution}; its watchdog will ask again", this.GetPrimaryKeyString(), executionId);
        }
    }
}
