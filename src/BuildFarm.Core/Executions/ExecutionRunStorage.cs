using System.Text.Json;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The stored form of a run: a snapshot of the whole run, and action rows (one action, by stage and action index) written
/// after it. JSON, which tolerates added fields, so stored executions stay readable across versions.
/// </summary>
public static class ExecutionRunStorage
{
    public static byte[] Snapshot(ExecutionRun run) => JsonSerializer.SerializeToUtf8Bytes(run);

    public static byte[] ActionRow(ExecutionRun run, int stage, int action) => JsonSerializer.SerializeToUtf8Bytes(run.Stages[stage].Actions[action]);

    /// <summary>The run as stored: the snapshot with each action row laid over it, at the revision of the last write.</summary>
    public static ExecutionRun Restore(string executionId, byte[] snapshot, IEnumerable<(int Stage, int Action, byte[] Payload)> actions, long revision)
    {
        var run = JsonSerializer.Deserialize<ExecutionRun>(snapshot)
                  ?? throw new InvalidDataException($"the stored snapshot of execution '{executionId}' is empty");
        foreach (var (stage, action, payload) in actions)
        {
            if (stage < 0 || stage >= run.Stages.Count || action < 0 || action >= run.Stages[stage].Actions.Count)
                throw new InvalidDataException(
                    $"the stored execution '{executionId}' has a row for action {action} of stage {stage}, which its snapshot " +
                    $"does not have ({run.Stages.Count} stages)");
            run.Stages[stage].Actions[action] = JsonSerializer.Deserialize<ActionRun>(payload)
                                                ?? throw new InvalidDataException($"the stored row of action {action} of stage {stage} of execution '{executionId}' is empty");
        }
        run.Revision = revision;
        return run;
    }
}
