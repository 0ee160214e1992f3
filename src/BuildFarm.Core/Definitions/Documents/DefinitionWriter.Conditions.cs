namespace BuildFarm.Core.Definitions.Documents;

/// <summary>Stage conditions and action retry rules; written only when declared, in both forms.</summary>
internal sealed partial class DefinitionWriter
{
    private void Conditions(StageDefinition stage)
    {
        Gate(FieldNames.BeforeEntry, stage.BeforeEntry);
        Gate(FieldNames.OnSuccess, stage.OnSuccess);
        if (stage.OnFailure is not { } failure) return;
        output.Key(FieldNames.OnFailure);
        output.BeginMap();
        Field(FieldNames.Result, failure.Result);
        if (failure.RetryMode is not null || canonical)
        {
            output.Key(FieldNames.RetryConfiguration);
            output.BeginMap();
            Field(FieldNames.RetryMode, failure.RetryMode);
            output.EndMap();
        }
        List(FieldNames.Conditions, failure.Conditions, Condition);
        output.EndMap();
    }

    private void Gate(string name, StageConditions? gate)
    {
        if (gate is null) return;
        output.Key(name);
        output.BeginMap();
        List(FieldNames.Conditions, gate.Conditions, Condition);
        output.EndMap();
    }

    private void Condition(ConditionDefinition condition)
    {
        output.BeginMap();
        Field(FieldNames.Result, condition.Result);
        List(FieldNames.Rules, condition.Rules, Rule);
        output.EndMap();
    }

    private void Rule(RuleDefinition rule)
    {
        output.BeginMap();
        Field(FieldNames.Name, rule.Name);
        Field(FieldNames.Provider, rule.Provider);
        Configuration(FieldNames.Configuration, rule.Configuration);
        List(FieldNames.Commands, rule.Commands, output.String);
        List(FieldNames.InputArtifacts, rule.InputArtifacts, output.String);
        Timeout(rule.TimeoutMinutes, RuleDefinition.DefaultTimeoutMinutes);
        output.EndMap();
    }

    private void Retry(ActionRetryRule? retry)
    {
        if (retry is null) return;
        output.Key(FieldNames.Retry);
        output.BeginMap();
        output.Key(FieldNames.MaxAttempts);
        output.Integer(retry.MaxAttempts);
        List(FieldNames.OnExitCodes, retry.OnExitCodes, output.Integer);
        output.Key(FieldNames.OnInfrastructureFailure);
        output.Boolean(retry.OnInfrastructureFailure);
        output.EndMap();
    }
}
