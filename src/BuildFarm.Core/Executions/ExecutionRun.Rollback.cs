using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>
/// Rollbacks. A rollback is a new execution of type Rollback that runs one stage again with the artifacts and
/// variables of a target execution that succeeded through it: it pins the target's definition version, takes the
/// target's variables, and starts with the outputs of every action before that stage as the target left them.
/// </summary>
public sealed partial class ExecutionRun
{
    public ExecutionType Type { get; set; }

    /// <summary>For a rollback: which stage it runs and whose artifacts it uses.</summary>
    public RollbackTarget? RollbackOf { get; set; }

    /// <summary>Rollbacks this execution asked for through onFailure or onSuccess ROLLBACK.</summary>
    public List<AutomatedRollback> AutomatedRollbacks { get; set; } = [];

    /// <summary>What a rollback of <paramref name="stageName"/> to this execution takes; refused when this execution cannot be a target.</summary>
    public RollbackSource RollbackSourceFor(string stageName)
    {
        var index = StageIndexOf(stageName);
        if (Type == ExecutionType.Rollback)
            throw Refusal($"execution '{Id}' is itself a rollback (of stage '{RollbackOf!.Stage}' to '{RollbackOf.TargetExecutionId}'); " +
                          $"roll back to '{RollbackOf.TargetExecutionId}' instead");
        if (Definition.Stages[index].HasSourceActions())
            throw Refusal($"stage '{stageName}' holds Source actions; a source stage cannot be rolled back");
        if (Stages[index].Status != StageStatus.Succeeded)
            throw Refusal($"execution '{Id}' did not succeed through stage '{stageName}' (the stage is {Stages[index].Status}); " +
                          "choose an execution that did");
        return new RollbackSource
        {
            ExecutionId = Id,
            Pipeline = Pipeline,
            PipelineVersion = PipelineVersion,
            Definition = Definition,
            Variables = new Dictionary<string, string>(Variables),
            StageIndex = index,
            EarlierStages = Stages.Take(index).Select(s => new StageOutputs(s.Name,
                s.Actions.Select(a => new ActionOutputs(a.Name, [.. a.Outputs], new Dictionary<string, string>(a.OutputVariables))).ToList())).ToList(),
        };
    }

    /// <summary>A new rollback execution of the source's stage, ready to begin.</summary>
    public static ExecutionRun CreateRollback(string id, RollbackSource source, bool automated, string trigger, DateTimeOffset now)
    {
        var run = Create(id, source.PipelineVersion, source.Definition, source.Variables, trigger, now);
        run.Type = ExecutionType.Rollback;
        run.RollbackOf = new RollbackTarget
        {
            Stage = source.Definition.Stages[source.StageIndex].Name,
            StageIndex = source.StageIndex,
            TargetExecutionId = source.ExecutionId,
            Automated = automated,
        };
        for (var s = 0; s < run.Stages.Count; s++)
        {
            if (s == source.StageIndex) continue;
            var stage = run.Stages[s];
            stage.Status = StageStatus.Skipped;
            stage.StatusSummary = s < source.StageIndex
                ? $"not part of the rollback; its outputs are those of {source.ExecutionId}"
                : "not part of the rollback";
        }
        foreach (var earlier in source.EarlierStages)
        {
            var stage = run.Stages.First(st => st.Name == earlier.Stage);
            foreach (var outputs in earlier.Actions)
                if (stage.Actions.FirstOrDefault(a => a.Name == outputs.Action) is { } action)
                {
                    action.Outputs = outputs.Outputs;
                    action.OutputVariables = outputs.OutputVariables;
                }
        }
        return run;
    }

    /// <summary>Records what came of an automated rollback request: the rollback execution, or why none could start.</summary>
    public void RecordAutomatedRollback(string stageName, string? executionId, string? error)
    {
        if (AutomatedRollbacks.LastOrDefault(r => r.Stage == stageName && r.Pending) is not { } request) return;
        request.ExecutionId = executionId;
        request.Error = error;
        if (executionId is not null) StatusSummary += $"; rollback execution {executionId} started";
        else StatusSummary += $"; automatic rollback could not start: {error}";
        Revision++;
    }
}
