using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Api.Mapping;

/// <summary>Stage conditions and action retry rules between Core's model and the wire.</summary>
public static partial class DefinitionMapping
{
    private static void AddConditions(StageDeclaration proto, StageDefinition stage)
    {
        if (stage.BeforeEntry is { } beforeEntry) proto.BeforeEntry = ToProto(beforeEntry);
        if (stage.OnSuccess is { } onSuccess) proto.OnSuccess = ToProto(onSuccess);
        if (stage.OnFailure is not { } onFailure) return;
        proto.OnFailure = new V1.FailureConditions { Result = onFailure.Result ?? "", RetryMode = onFailure.RetryMode ?? "" };
        proto.OnFailure.Conditions.AddRange(onFailure.Conditions.Select(ToProto));
    }

    private static V1.StageConditions ToProto(Core.Definitions.StageConditions gate)
    {
        var proto = new V1.StageConditions();
        proto.Conditions.AddRange(gate.Conditions.Select(ToProto));
        return proto;
    }

    private static ConditionDeclaration ToProto(ConditionDefinition condition)
    {
        var proto = new ConditionDeclaration { Result = condition.Result ?? "" };
        proto.Rules.AddRange(condition.Rules.Select(r =>
        {
            var rule = new RuleDeclaration { Name = r.Name, Provider = r.Provider, TimeoutMinutes = r.TimeoutMinutes ?? 0 };
            rule.Configuration.AddAll(r.Configuration);
            rule.Commands.AddRange(r.Commands);
            rule.InputArtifacts.AddRange(r.InputArtifacts);
            return rule;
        }));
        return proto;
    }

    private static ActionRetry ToProto(ActionRetryRule retry)
    {
        var proto = new ActionRetry { MaxAttempts = retry.MaxAttempts, OnInfrastructureFailure = retry.OnInfrastructureFailure };
        proto.OnExitCodes.AddRange(retry.OnExitCodes);
        return proto;
    }

    private static Core.Definitions.StageConditions ToCore(this V1.StageConditions gate) =>
        new() { Conditions = gate.Conditions.Select(ToCore).ToList() };

    private static Core.Definitions.FailureConditions ToCore(this V1.FailureConditions failure) => new()
    {
        Result = Optional(failure.Result),
        RetryMode = Optional(failure.RetryMode),
        Conditions = failure.Conditions.Select(ToCore).ToList(),
    };

    private static ConditionDefinition ToCore(ConditionDeclaration condition) => new()
    {
        Result = Optional(condition.Result),
        Rules = condition.Rules.Select(r => new RuleDefinition
        {
            Name = r.Name,
            Provider = r.Provider,
            Configuration = new Dictionary<string, string>(r.Configuration),
            Commands = r.Commands.ToList(),
            InputArtifacts = r.InputArtifacts.ToList(),
            TimeoutMinutes = r.TimeoutMinutes == 0 ? null : r.TimeoutMinutes,
        }).ToList(),
    };

    private static ActionRetryRule ToCore(this ActionRetry retry) => new()
    {
        // 0 is proto's "not set".
        MaxAttempts = retry.MaxAttempts == 0 ? ActionRetryRule.DefaultMaxAttempts : retry.MaxAttempts,
        OnExitCodes = retry.OnExitCodes.ToList(),
        OnInfrastructureFailure = !retry.HasOnInfrastructureFailure || retry.OnInfrastructureFailure,
    };

    private static string? Optional(string text) => string.IsNullOrEmpty(text) ? null : text;
}
