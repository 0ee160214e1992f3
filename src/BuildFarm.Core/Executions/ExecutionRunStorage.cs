using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildFarm.Core.Executions;

/// <summary>
/// The stored form of a run: a snapshot of the whole run, and action rows (one action, by stage and action index) written
/// after it. JSON, which tolerates added fields, so stored executions stay readable across versions. The serializers are
/// generated at build time (<see cref="StoredRunJson"/>): an action row is written with every lease and result.
/// </summary>
public static class ExecutionRunStorage
{
    public static byte[] Snapshot(ExecutionRun run) => JsonSerializer.SerializeToUtf8Bytes(run, StoredRunJson.Default.ExecutionRun);

    public static byte[] ActionRow(ExecutionRun run, int stage, int action) =>
        JsonSerializer.SerializeToUtf8Bytes(run.Stages[stage].Actions[action], StoredRunJson.Default.ActionRun);

    /// <summary>The run as stored: the snapshot with each action row laid over it, at the revision of the last write.</summary>
    public static ExecutionRun Restore(string executionId, byte[] snapshot, IEnumerable<(int Stage, int Action, byte[] Payload)> actions, long revision)
    {
        var run = JsonSerializer.Deserialize(snapshot, StoredRunJson.Default.ExecutionRun)
                  ?? throw new InvalidDataException($"the stored snapshot of execution '{executionId}' is empty");
        foreach (var (stage, action, payload) in actions)
        {
            if (stage < 0 || stage >= run.Stages.Count || action < 0 || action >= run.Stages[stage].Actions.Count)
                throw new InvalidDataException(
                    $"the stored execution '{executionId}' has a row for action {action} of stage {stage}, which its snapshot " +
                    $"does not have ({run.Stages.Count} stages)");
            run.Stages[stage].Actions[action] = JsonSerializer.Deserialize(payload, StoredRunJson.Default.ActionRun)
                                                ?? throw new InvalidDataException($"the stored row of action {action} of stage {stage} of execution '{executionId}' is empty");
        }
        run.Revision = revision;
        return run;
    }
}

/// <summary>The stored form's serializers, with the reflection-based defaults' settings (the same JSON either way).</summary>
[JsonSerializable(typeof(ExecutionRun))]
[JsonSerializable(typeof(ActionRun))]
internal sealed partial class StoredRunJson : JsonSerializerContext;
