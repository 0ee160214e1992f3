using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Api.Mapping;

/// <summary>The history beyond status: rollbacks, stops, stage retries, condition evaluations, approvals, attempt details.</summary>
public static partial class ExecutionMapping
{
    private static void AddRecords(Execution proto, ExecutionRun run)
    {
        proto.Type = run.Type.ToString();
        if (run.RollbackOf is { } rollback)
        {
            proto.RollbackStage = rollback.Stage;
            proto.RollbackTargetExecutionId = rollback.TargetExecutionId;
        }
        if (run.Stop is { } stop)
            proto.Stop = new ExecutionStop { By = stop.By, Reason = stop.Reason ?? "", Abandon = stop.Abandon, At = stop.At.ToProto() };
        proto.AutomatedRollbacks.AddRange(run.AutomatedRollbacks.Select(r => new V1.AutomatedRollback
        {
            Stage = r.Stage,
            RequestedAt = r.RequestedAt.ToProto(),
            ExecutionId = r.ExecutionId ?? "",
            Error = r.Error ?? "",
        }));
    }

    private static void AddRecords(StageExecution proto, StageRun stage, string executionId)
    {
        proto.StatusSummary = stage.StatusSummary ?? "";
        proto.Retries.AddRange(stage.Retries.Select(r => new StageRetry
        {
            At = r.At.ToProto(),
            By = r.By,
            Mode = ConditionNames.NameOf(r.Mode),
            Automated = r.Automated,
            Refused = r.Refused ?? "",
        }));
        foreach (var condition in stage.Conditions)
        {
            var evaluation = new ConditionEvaluation
            {
                Kind = condition.Kind.ToString(),
                Result = ConditionNames.NameOf(condition.Result),
                Status = condition.Status.ToString(),
                Outcome = condition.Outcome ?? "",
                StartedAt = condition.StartedAt.ToProto(),
                FinishedAt = condition.FinishedAt.ToProto(),
            };
            foreach (var rule in condition.Rules)
            {
                var pr = new RuleEvaluation { Name = rule.Name, Provider = rule.Provider, Status = rule.Status.ToString(), Message = rule.Message ?? "" };
                pr.ResolvedConfiguration.Add(rule.ResolvedConfiguration);
                var path = $"{ConditionNames.Field(condition.Kind)}/{rule.Name}";
                pr.Attempts.AddRange(rule.Attempts.Select(a => ToProto(a, executionId, stage.Name, path)));
                evaluation.Rules.Add(pr);
            }
            proto.Conditions.Add(evaluation);
        }
    }

    private static void AddRecords(V1.ActionAttempt proto, Core.Executions.ActionAttempt attempt, string executionId, string stage, string action)
    {
        proto.InputArtifacts.AddRange(attempt.Inputs.Select(ToProto));
        proto.OutputArtifacts.AddRange(attempt.Outputs.Select(ToProto));
        proto.OutputVariables.Add(attempt.OutputVariables);
        proto.RetryReason = attempt.RetryReason ?? "";
        if (attempt.Approval is { } approval)
            proto.Approval = new V1.Approval
            {
                Summary = approval.Summary ?? "",
                Url = approval.Url ?? "",
                RequestedAt = approval.RequestedAt.ToProto(),
                Deadline = approval.Deadline.ToProto(),
                Decision = approval.Decision?.ToString() ?? "",
                DecidedBy = approval.DecidedBy ?? "",
                DecidedAt = approval.DecidedAt.ToProto(),
                Comment = approval.Comment ?? "",
            };
        else if (attempt.CacheHit is null)
            proto.Log = $"farm logs {executionId} --action {stage}/{action} --attempt {attempt.Number}";
        proto.CacheKey = attempt.CacheKey ?? "";
        if (attempt.CacheHit is { } hit) proto.CacheHit = hit.ToProto();
        if (attempt.Batch is { } batch) proto.Batch = ToProto(batch, attempt.Number, executionId, stage, action);
    }

    private static V1.Batch ToProto(BatchRun batch, int attempt, string executionId, string stage, string action)
    {
        var proto = new V1.Batch { Kind = batch.Kind, FastFail = batch.FastFail, Outcome = batch.Outcome ?? "" };
        foreach (var child in batch.Children)
        {
            var build = new BatchBuildExecution
            {
                Identifier = child.Identifier,
                Status = child.Status.ToString(),
                Message = child.Message ?? "",
                Buildspec = child.Buildspec ?? "",
                IgnoreFailure = child.IgnoreFailure,
                ShardIndex = child.ShardIndex,
                ShardCount = child.ShardCount,
            };
            build.Variables.Add(child.Variables);
            build.DependOn.AddRange(child.DependOn);
            foreach (var childAttempt in child.Attempts)
            {
                var pa = ToProto(childAttempt, executionId, stage, action);
                pa.Log = $"farm logs {executionId} --action {stage}/{action} --attempt {attempt} --build {child.Identifier}";
                build.Attempts.Add(pa);
            }
            proto.Builds.Add(build);
        }
        return proto;
    }
}
