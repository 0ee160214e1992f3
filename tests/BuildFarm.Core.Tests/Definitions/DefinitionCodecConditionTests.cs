namespace BuildFarm.Core.Tests.Definitions;

public sealed class DefinitionCodecConditionTests
{
    private const string Yaml = """
        name: p
        stages:
          - name: Build
            actions:
              - name: compile
                category: Build
                provider: Commands
                commands: [make]
                retry: {maxAttempts: 4, onExitCodes: [75, 99], onInfrastructureFailure: false}
          - name: Deploy
            beforeEntry:
              conditions:
                - result: SKIP
                  rules:
                    - {name: Window, provider: DeploymentWindow, configuration: {Cron: "* * 9-16 ? * MON-FRI *", TimeZone: Europe/Berlin}}
            onSuccess:
              conditions:
                - rules:
                    - {name: Smoke, provider: Commands, commands: ["./smoke"], timeoutInMinutes: 5}
            onFailure:
              result: RETRY
              retryConfiguration: {retryMode: ALL_ACTIONS}
            actions:
              - {name: Approve, category: Approval, provider: Manual, configuration: {CustomData: ship it?}}
        """;

    [Fact]
    public void Conditions_retry_rules_and_approvals_bind_to_the_model()
    {
        var definition = Examples.Parse(Yaml);
        var retry = definition.Stages[0].Actions[0].Retry!;
        Assert.Equal((4, false), (retry.MaxAttempts, retry.OnInfrastructureFailure));
        Assert.Equal([75, 99], retry.OnExitCodes);
        var deploy = definition.Stages[1];
        Assert.Equal(ConditionResult.Skip, deploy.ResultOf(ConditionKind.BeforeEntry));
        Assert.Equal("Europe/Berlin", deploy.Condition(ConditionKind.BeforeEntry)!.Rules[0].Configuration["TimeZone"]);
        Assert.Equal(ConditionResult.Fail, deploy.ResultOf(ConditionKind.OnSuccess));
        Assert.Equal(TimeSpan.FromMinutes(5), deploy.Condition(ConditionKind.OnSuccess)!.Rules[0].Timeout);
        Assert.Equal((ConditionResult.Retry, StageRetryMode.AllActions), (deploy.ResultOf(ConditionKind.OnFailure), deploy.RetryModeOnFailure()));
        Assert.Null(deploy.Condition(ConditionKind.OnFailure));
        Assert.Equal(TimeSpan.FromDays(7), deploy.Actions[0].Timeout);
        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void Both_formats_write_them_back_and_read_the_same_declaration()
    {
        var original = Examples.Parse(Yaml);
        var fromYaml = Examples.Parse(DefinitionCodec.ToYaml(original));
        var fromJson = Examples.Parse(DefinitionCodec.ToJson(original), DefinitionFormat.Json);
        Assert.True(fromYaml.SameAs(original));
        Assert.True(fromJson.SameAs(original));
        Assert.Equal(DefinitionCodec.ToYaml(original), DefinitionCodec.ToYaml(fromJson));
        Assert.False(original.SameAs(original with { Stages = [original.Stages[0], original.Stages[1] with { OnFailure = null }] }));
    }

    [Fact]
    public void A_retry_rule_of_the_wrong_type_is_reported_where_it_is()
    {
        var parsed = DefinitionCodec.Parse("""
            name: p
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands, commands: [x], retry: {maxAttempts: 2, onInfrastructureFailure: sometimes}}
            """, DefinitionFormat.Yaml);
        Assert.Equal("stages[0].actions[0].retry.onInfrastructureFailure: line 5, column 120: expected true or false, found string 'sometimes'",
            Assert.Single(parsed.Problems).ToString());
    }
}
