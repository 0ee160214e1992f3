using BuildFarm.Core.Content;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Triggers;

/// <summary>
/// What the end of an execution means to others: its status, the artifacts downstream pipelines may take, and the
/// resolved configuration of each CommitStatus action that ran (the final state is posted to the same place).
/// </summary>
public sealed record ExecutionOutcome
{
    public required string ExecutionId { get; init; }
    public required string Pipeline { get; init; }
    public required ExecutionStatus Status { get; init; }
    public string? StatusSummary { get; init; }
    public Dictionary<string, Digest> Artifacts { get; init; } = [];
    public List<Dictionary<string, string>> CommitStatuses { get; init; } = [];

    public static ExecutionOutcome Of(ExecutionRun run)
    {
        var outcome = new ExecutionOutcome { ExecutionId = run.Id, Pipeline = run.Pipeline, Status = run.Status, StatusSummary = run.StatusSummary };
        for (var s = 0; s < run.Stages.Count; s++)
            for (var a = 0; a < run.Stages[s].Actions.Count; a++)
            {
                var action = run.Stages[s].Actions[a];
                foreach (var output in action.Outputs) outcome.Artifacts[output.Name] = output.Digest;
                if (run.Definition.Stages[s].Actions[a].Provider == ProviderCatalog.CommitStatus.Name && action.CurrentAttempt is { Status: AttemptStatus.Succeeded } attempt)
                    outcome.CommitStatuses.Add(new Dictionary<string, string>(attempt.ResolvedConfiguration));
            }
        return outcome;
    }

    /// <summary>GitHub's commit state for an execution's end.</summary>
    public string CommitState => Status switch
    {
        ExecutionStatus.Succeeded => "success",
        ExecutionStatus.Failed => "failure",
        _ => "error",
    };
}
