namespace BuildFarm.Core.Executions;

/// <summary>
/// Which part of the run a transition changed. The hot transitions (a lease granted, a result accepted, a cache answer)
/// change a few actions of the current stage and nothing else; the execution grain then writes those actions only. Any
/// other change (a stage or execution status, a stop, a condition, a retry record) asks for the whole run.
/// </summary>
public sealed partial class ExecutionRun
{
    public ExecutionCheckpoint Checkpoint()
    {
        var stage = CurrentStageRun;
        return new ExecutionCheckpoint
        {
            Status = Status,
            StatusSummary = StatusSummary,
            CurrentStage = CurrentStage,
            Stop = Stop,
            AutomatedRollbacks = AutomatedRollbacks.Count,
            StageStatus = stage?.Status,
            StageRecords = stage is null ? 0 : stage.Conditions.Count + stage.Retries.Count,
            StageReentering = stage?.Reentering ?? false,
            Actions = stage?.Actions.Select(Mark).ToArray() ?? [],
        };
    }

    /// <summary>
    /// The indexes (in the current stage) of the actions changed since <paramref name="before"/>, given the jobs the
    /// transition was about; null when anything else may have changed, and the whole run must be written.
    /// </summary>
    public IReadOnlyList<int>? ActionsChangedSince(ExecutionCheckpoint before, IEnumerable<string> touchedJobs)
    {
        if (CurrentStageRun is not { } stage || before.CurrentStage != CurrentStage || before.Status != Status
            || !ReferenceEquals(before.StatusSummary, StatusSummary) || !ReferenceEquals(before.Stop, Stop)
            || before.AutomatedRollbacks != AutomatedRollbacks.Count || before.StageStatus != stage.Status
            || before.StageRecords != stage.Conditions.Count + stage.Retries.Count || before.StageReentering != stage.Reentering
            || before.Actions.Length != stage.Actions.Count
            // A condition in progress runs rule jobs whose records live in the stage.
            || stage.Conditions.LastOrDefault() is { Status: ConditionStatus.InProgress })
            return null;
        var changed = new HashSet<int>();
        foreach (var jobId in touchedJobs)
        {
            if (!JobId.TryParse(jobId, out var id) || id.ExecutionId != Id || id.Stage != stage.Name) return null;
            var index = stage.Actions.FindIndex(a => a.Name == id.Action);
            if (index < 0) return null;
            changed.Add(index);
        }
        for (var i = 0; i < stage.Actions.Count; i++)
        {
            var now = Mark(stage.Actions[i]);
            // A batch's builds move on their own (one build's result queues the next): its action is always written.
            if (now != before.Actions[i] || now.Batch) changed.Add(i);
        }
        return changed.Order().ToList();
    }

    private static ExecutionCheckpoint.ActionMark Mark(ActionRun action) =>
        new(action.Status, action.Attempts.Count, action.CurrentAttempt?.Status, action.CurrentAttempt?.Batch is not null);
}
