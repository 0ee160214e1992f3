namespace BuildFarm.Core.Executions;

/// <summary>
/// What a run looked like before a transition, in the few fields that say where a change can be: the execution's and the
/// current stage's status and records, and each current action's status and attempts. Taken by the owner of the run
/// before a transition, then asked what the transition changed (<see cref="ExecutionRun.ActionsChangedSince"/>), so that
/// a result or a lease writes the actions it touched and not the whole execution.
/// </summary>
public sealed class ExecutionCheckpoint
{
    internal ExecutionStatus Status { get; init; }
    internal string? StatusSummary { get; init; }
    internal int CurrentStage { get; init; }
    internal StopRecord? Stop { get; init; }
    internal int AutomatedRollbacks { get; init; }
    internal StageStatus? StageStatus { get; init; }
    internal int StageRecords { get; init; }
    internal bool StageReentering { get; init; }
    internal ActionMark[] Actions { get; init; } = [];

    internal readonly record struct ActionMark(ActionStatus Status, int Attempts, AttemptStatus? Current, bool Batch);
}
