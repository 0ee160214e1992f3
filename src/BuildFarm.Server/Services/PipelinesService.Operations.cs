using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using Grpc.Core;
using PipelineState = BuildFarm.Api.V1.PipelineState;

namespace BuildFarm.Server.Services;

/// <summary>Stage transitions and the pipeline's state per stage.</summary>
public sealed partial class PipelinesService
{
    public override async Task<StageTransitionResponse> DisableStageTransition(StageTransitionRequest request, ServerCallContext context)
    {
        await Pipeline(RequireName(request.Pipeline)).SetTransitionAsync(RequireStage(request.Stage), false, request.Reason, Caller.Of(context).Name);
        return new StageTransitionResponse();
    }

    public override async Task<StageTransitionResponse> EnableStageTransition(StageTransitionRequest request, ServerCallContext context)
    {
        await Pipeline(RequireName(request.Pipeline)).SetTransitionAsync(RequireStage(request.Stage), true, null, Caller.Of(context).Name);
        return new StageTransitionResponse();
    }

    public override async Task<PipelineState> GetPipelineState(GetPipelineStateRequest request, ServerCallContext context)
    {
        var state = await Pipeline(RequireName(request.Name)).GetStateAsync();
        var response = new PipelineState { Name = state.Name, LatestVersion = state.LatestVersion };
        foreach (var stage in state.Stages)
        {
            var gate = stage.Gate;
            var proto = new StageState
            {
                Name = stage.Name,
                InboundEnabled = gate.InboundEnabled,
                DisabledReason = gate.DisabledReason ?? "",
                DisabledBy = gate.DisabledBy ?? "",
                DisabledAt = gate.DisabledAt.ToProto(),
            };
            proto.Occupants.AddRange(gate.Occupants);
            proto.Waiting.AddRange(gate.Waiting);
            proto.LastSucceeded.AddRange(gate.Successes.AsEnumerable().Reverse().Select(s => s.ExecutionId));
            foreach (var occupant in gate.Occupants)
                proto.PendingApprovals.AddRange(await PendingApprovalsAsync(occupant, stage.Name));
            response.Stages.Add(proto);
        }
        return response;
    }

    private async Task<IEnumerable<PendingApproval>> PendingApprovalsAsync(string executionId, string stage)
    {
        var run = await grains.Get<IExecutionGrain>(executionId).GetAsync();
        return run.Stages.Where(s => s.Name == stage).SelectMany(s => s.Actions)
            .Where(a => a.CurrentAttempt is { Status: AttemptStatus.InProgress, Approval.Decision: null })
            .Select(a => new PendingApproval
            {
                ExecutionId = executionId,
                Action = a.Name,
                Summary = a.CurrentAttempt!.Approval!.Summary ?? "",
                Url = a.CurrentAttempt.Approval.Url ?? "",
                Deadline = a.CurrentAttempt.Approval.Deadline.ToProto(),
            });
    }

    private static string RequireStage(string stage) =>
        string.IsNullOrEmpty(stage) || stage.Contains('/') ? throw FarmException.Invalid($"'{stage}' is not a stage name") : stage;
}
