using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using Grpc.Core;

namespace BuildFarm.Server.Services;

/// <summary>Stop, stage retry, approvals and rollback: each names who asked.</summary>
public sealed partial class ExecutionsService
{
    public override async Task<StopExecutionResponse> StopExecution(StopExecutionRequest request, ServerCallContext context)
    {
        var summary = await Execution(request.ExecutionId).StopAsync(request.Abandon, Caller.Of(context).Name, Optional(request.Reason));
        return new StopExecutionResponse { Execution = SummaryOf(summary) };
    }

    private static ExecutionSummary SummaryOf(ExecutionSummaryRecord s) => new()
    {
        ExecutionId = s.ExecutionId,
        Pipeline = s.Pipeline,
        PipelineVersion = s.PipelineVersion,
        Status = s.Status.ToString(),
        StatusSummary = s.StatusSummary ?? "",
        Trigger = s.Trigger,
        CreatedAt = s.CreatedAt.ToProto(),
        FinishedAt = s.FinishedAt.ToProto(),
        Type = s.Type.ToString(),
        TriggerInfo = (s.TriggerInfo ?? new Core.Executions.ExecutionTrigger { Type = Core.Executions.TriggerType.Manual, Detail = s.Trigger }).ToProto(),
    };

    public override async Task<RetryStageResponse> RetryStage(RetryStageRequest request, ServerCallContext context)
    {
        var mode = StageRetryMode.FailedActions;
        if (!string.IsNullOrEmpty(request.RetryMode) && !ConditionNames.TryParseRetryMode(request.RetryMode, out mode))
            throw FarmException.Invalid($"retry_mode: '{request.RetryMode}' is not a retry mode; use {string.Join(" or ", ConditionNames.RetryModeNames)}");
        await Execution(request.ExecutionId).RetryStageAsync(Required(request.Stage, "stage"), mode, Caller.Of(context).Name);
        return new RetryStageResponse();
    }

    public override async Task<PutApprovalResultResponse> PutApprovalResult(PutApprovalResultRequest request, ServerCallContext context)
    {
        var approved = request.Status.ToLowerInvariant() switch
        {
            "approved" => true,
            "rejected" => false,
            _ => throw FarmException.Invalid($"status: '{request.Status}' is not a decision; use Approved or Rejected"),
        };
        await Execution(request.ExecutionId).PutApprovalAsync(Required(request.Stage, "stage"), Required(request.Action, "action"), approved,
            Caller.Of(context).Name, Optional(request.Comment));
        return new PutApprovalResultResponse();
    }

    public override async Task<RollbackStageResponse> RollbackStage(RollbackStageRequest request, ServerCallContext context)
    {
        var pipeline = grains.Get<IPipelineGrain>(PipelinesService.RequireName(request.Pipeline));
        var started = await pipeline.RollbackAsync(Required(request.Stage, "stage"), Optional(request.TargetExecutionId), Caller.Of(context).Name, null);
        var run = await grains.Get<IExecutionGrain>(started.ExecutionId).GetAsync();
        return new RollbackStageResponse
        {
            ExecutionId = started.ExecutionId,
            PipelineVersion = started.PipelineVersion,
            TargetExecutionId = run.RollbackOf?.TargetExecutionId ?? "",
        };
    }

    private static string Required(string value, string field) =>
        string.IsNullOrEmpty(value) ? throw FarmException.Invalid($"{field}: required") : value;

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
