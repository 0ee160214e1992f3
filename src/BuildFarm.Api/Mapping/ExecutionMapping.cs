using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;

namespace BuildFarm.Api.Mapping;

/// <summary>Executions from Core's state to the read model on the wire.</summary>
public static partial class ExecutionMapping
{
    public static Execution ToProto(this ExecutionRun run)
    {
        var proto = new Execution
        {
            ExecutionId = run.Id,
            Pipeline = run.Pipeline,
            PipelineVersion = run.PipelineVersion,
            Status = run.Status.ToString(),
            StatusSummary = run.StatusSummary ?? "",
            Trigger = run.Trigger,
            CreatedAt = run.CreatedAt.ToProto(),
            StartedAt = run.StartedAt.ToProto(),
            FinishedAt = run.FinishedAt.ToProto(),
            Revision = run.Revision,
            TriggerInfo = TriggerMapping.TriggerInfoOf(run),
        };
        proto.SourceRevisions.AddRange(TriggerMapping.SourceRevisionsOf(run));
        proto.Variables.Add(run.Variables);
        AddRecords(proto, run);
        for (var s = 0; s < run.Stages.Count; s++)
        {
            var stage = run.Stages[s];
            var ps = new StageExecution
            {
                Name = stage.Name,
                Status = stage.Status.ToString(),
                StartedAt = stage.StartedAt.ToProto(),
                FinishedAt = stage.FinishedAt.ToProto(),
            };
            for (var a = 0; a < stage.Actions.Count; a++)
                ps.Actions.Add(ToProto(stage.Actions[a], run.Definition.Stages[s].Actions[a], run.Id, stage.Name));
            AddRecords(ps, stage, run.Id);
            proto.Stages.Add(ps);
        }
        return proto;
    }

    private static ActionExecution ToProto(ActionRun action, Core.Definitions.ActionDefinition definition, string executionId, string stage)
    {
        var pa = new ActionExecution
        {
            Name = action.Name,
            Category = definition.Category,
            Provider = definition.Provider,
            RunOrder = action.RunOrder,
            Status = action.Status.ToString(),
        };
        pa.OutputVariables.Add(action.OutputVariables);
        pa.InputArtifacts.AddRange(action.Inputs.Select(ToProto));
        pa.OutputArtifacts.AddRange(action.Outputs.Select(ToProto));
        pa.Attempts.AddRange(action.Attempts.Select(a => ToProto(a, executionId, stage, action.Name)));
        pa.Labels.AddAll(definition.Labels);
        return pa;
    }

    private static V1.ActionAttempt ToProto(Core.Executions.ActionAttempt attempt, string executionId, string stage, string action)
    {
        var pa = new V1.ActionAttempt
        {
            Number = attempt.Number,
            JobId = attempt.JobId,
            AgentId = attempt.AgentId ?? "",
            AgentName = attempt.AgentName ?? "",
            Status = attempt.Status.ToString(),
            QueuedAt = attempt.QueuedAt.ToProto(),
            StartedAt = (attempt.ReportedStartedAt ?? attempt.StartedAt).ToProto(),
            FinishedAt = attempt.FinishedAt.ToProto(),
            ErrorKind = attempt.ErrorKind.ToString(),
            Message = attempt.Message ?? "",
        };
        if (attempt.ExitCode is { } code) pa.ExitCode = code;
        pa.ResolvedConfiguration.Add(attempt.ResolvedConfiguration);
        pa.ResolvedCommands.AddRange(attempt.ResolvedCommands);
        pa.Reports.AddRange(attempt.Reports.Select(ReportMapping.ToProto));
        AddRecords(pa, attempt, executionId, stage, action);
        return pa;
    }

    private static V1.ArtifactRef ToProto(Core.Executions.ArtifactRef r) => new() { Name = r.Name, Digest = r.Digest.ToProto() };
}
