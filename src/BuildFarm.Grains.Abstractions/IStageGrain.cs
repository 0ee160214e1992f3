using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>
/// The gate of one stage of one pipeline (keyed <c>pipeline/stage</c>): the execution-mode rules. It never waits
/// for an execution grain (it notifies them without awaiting), so executions may await it without deadlock.
/// </summary>
public interface IStageGrain : IGrainWithStringKey
{
    Task<GateDecision> EnterAsync(string executionId, ExecutionMode mode);
    Task LeaveAsync(string executionId, ExecutionMode mode);
    [ReadOnly] Task<StageGate> GetAsync();

    /// <summary>Leaves the stage; a success is remembered as a rollback target. Idempotent.</summary>
    Task ExitAsync(string executionId, ExecutionMode mode, StageSuccess? success);

    /// <summary>Lets an execution in again to retry the stage; null when admitted, otherwise why not.</summary>
    Task<string?> ReenterAsync(string executionId, ExecutionMode mode);

    /// <summary>Disables (with a reason) or enables the inbound transition; enabling lets waiting executions in.</summary>
    Task SetInboundAsync(bool enabled, string? reason, string by, ExecutionMode mode);

    static string KeyOf(string pipeline, string stage) => $"{pipeline}/{stage}";
}
