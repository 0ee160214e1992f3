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

    static string KeyOf(string pipeline, string stage) => $"{pipeline}/{stage}";
}
