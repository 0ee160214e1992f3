namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorConditionTests
{
    /// <summary>Build (outputs bin, namespace build) then Deploy, whose stage fields are the part under test.</summary>
    private static string Pipeline(string deployStage, string mode = "QUEUED") => $"""
        name: p
        executionMode: {mode}
        variables: [{"{"}name: branch, defaultValue: main{"}"}]
        stages:
          - name: Build
            actions:
              - {"{"}name: compile, category: Build, provider: Commands, commands: [make], namespace: build, outputVariables: [VERSION], outputArtifacts: [{"{"}name: bin, files: ["**"]{"}"}]{"}"}
          - name: Deploy
        {deployStage}
            actions:
              - {"{"}name: ship, category: Build, provider: Commands, commands: [ship], namespace: deploy, outputVariables: [URL]{"}"}
        """;

    private static string Rule(string rule, string kind = "beforeEntry", string result = "FAIL") =>
        $"    {kind}: {{conditions: [{{result: {result}, rules: [{rule}]}}]}}";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "two conditions", Pipeline("    beforeEntry: {conditions: [{rules: [{name: a, provider: Commands, commands: [x]}]}, {rules: [{name: b, provider: Commands, commands: [x]}]}]}"),
            ["stages[1].beforeEntry.conditions: beforeEntry holds exactly one condition (as in CodePipeline); it has 2; put every rule in one condition"]
        },
        {
            "result that does not fit", Pipeline(Rule("{name: a, provider: Commands, commands: [x]}", result: "RETRY")),
            ["stages[1].beforeEntry.conditions[0].result: 'RETRY' is not a result of beforeEntry; use FAIL or SKIP"]
        },
        {
            "AWS-only rule provider", Pipeline(Rule("{name: a, provider: CloudWatchAlarm, configuration: {AlarmName: x}}", "onSuccess")),
            ["stages[1].onSuccess.conditions[0].rules[0].provider: rule provider 'CloudWatchAlarm' exists only on AWS; use a Commands rule that queries your monitoring system " +
             "and exits non-zero when the alarm is raised (rule providers here: VariableCheck, DeploymentWindow, Commands)"]
        },
        {
            "variable check without a reference and a bad operator",
            Pipeline(Rule("{name: a, provider: VariableCheck, configuration: {Variable: main, Operator: EQUALS, Value: main}}")),
            ["stages[1].beforeEntry.conditions[0].rules[0].configuration.Operator: unknown operator 'EQUALS'; use one of EQ, NE, CONTAINS, MATCHES",
             "stages[1].beforeEntry.conditions[0].rules[0].configuration.Variable: 'main' holds no variable reference, so the check never changes; " +
             "write one such as #{variables.branch} or #{SourceVariables.BranchName}"]
        },
        {
            "bad regular expression", Pipeline(Rule("{name: a, provider: VariableCheck, configuration: {Variable: '#{variables.branch}', Operator: MATCHES, Value: '('}}")),
            ["stages[1].beforeEntry.conditions[0].rules[0].configuration.Value: '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s."]
        },
        {
            "deployment window with seconds", Pipeline(Rule("{name: w, provider: DeploymentWindow, configuration: {Cron: '0 * 9-16 ? * MON-FRI', TimeZone: Europe/Paris}}")),
            ["stages[1].beforeEntry.conditions[0].rules[0].configuration: the seconds field is '0'; it must be '*' (a window is made of whole minutes, as in CodePipeline)"]
        },
        {
            "deployment window missing cron and unknown key", Pipeline(Rule("{name: w, provider: DeploymentWindow, configuration: {Crn: x}}")),
            ["stages[1].beforeEntry.conditions[0].rules[0].configuration: rule provider 'DeploymentWindow' needs configuration key 'Cron'",
             "stages[1].beforeEntry.conditions[0].rules[0].configuration.Crn: rule provider 'DeploymentWindow' does not accept configuration key 'Crn' (did you mean 'Cron'?); accepted keys: Cron, TimeZone"]
        },
        {
            "entry rule reading this stage's variable", Pipeline(Rule("{name: a, provider: VariableCheck, configuration: {Variable: '#{deploy.URL}', Operator: EQ, Value: x}}")),
            ["stages[1].beforeEntry.conditions[0].rules[0].configuration.Variable: '#{deploy.URL}': namespace 'deploy' belongs to stages[1].actions[0], which does not run " +
             "before this action (it is in this stage, whose beforeEntry rules are checked before its actions run)"]
        },
        {
            "commands rule without commands, with an unknown input", Pipeline(Rule("{name: a, provider: Commands, inputArtifacts: [nope]}", "onSuccess")),
            ["stages[1].onSuccess.conditions[0].rules[0].commands: a Commands rule needs 1 to 50 commands; this one has 0",
             "stages[1].onSuccess.conditions[0].rules[0].inputArtifacts[0]: no earlier action outputs 'nope'"]
        },
        {
            "rollback in parallel mode", Pipeline("    onFailure: {result: ROLLBACK}", "PARALLEL"),
            ["stages[1].onFailure.result: ROLLBACK is not available in PARALLEL mode (executions do not pass the stage one after another, so there is no last good " +
             "execution to return to); use FAIL, or the QUEUED or SUPERSEDED mode"]
        },
        {
            "onFailure without a result and a retry mode for nothing", Pipeline("    onFailure: {retryConfiguration: {retryMode: SOME_ACTIONS}}"),
            ["stages[1].onFailure: onFailure needs a result: FAIL, RETRY, ROLLBACK",
             "stages[1].onFailure.retryConfiguration.retryMode: unknown retry mode 'SOME_ACTIONS'; use FAILED_ACTIONS or ALL_ACTIONS"]
        },
        {
            "retry configuration without RETRY and results that disagree",
            Pipeline("    onFailure: {result: FAIL, retryConfiguration: {retryMode: ALL_ACTIONS}, conditions: [{result: ROLLBACK, rules: [{name: a, provider: Commands, commands: [x]}]}]}"),
            ["stages[1].onFailure.conditions[0].result: 'ROLLBACK' differs from onFailure.result 'FAIL'; give the result once",
             "stages[1].onFailure.retryConfiguration: retryConfiguration applies only to the result RETRY (this onFailure's result is FAIL)"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Condition_problems_are_reported_at_their_path(string what, string yaml, string[] expected)
    {
        Assert.NotNull(what);
        Assert.Equal(expected, Validate.Yaml(yaml));
    }

    [Fact]
    public void Valid_conditions_of_every_kind_have_no_problems()
    {
        Assert.Empty(Validate.Yaml(Pipeline("""
                beforeEntry:
                  conditions:
                    - result: SKIP
                      rules:
                        - {name: OnMain, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: EQ, Value: main}}
                        - {name: Window, provider: DeploymentWindow, configuration: {Cron: "* * 9-16 ? * MON-FRI *", TimeZone: Europe/Berlin}}
                        - {name: Built, provider: VariableCheck, configuration: {Variable: "#{build.VERSION}", Operator: MATCHES, Value: "\\d+"}}
                onSuccess:
                  conditions:
                    - result: ROLLBACK
                      rules:
                        - {name: Smoke, provider: Commands, commands: ["curl -f #{deploy.URL}"], inputArtifacts: [bin], timeoutInMinutes: 5}
                onFailure:
                  result: RETRY
                  retryConfiguration: {retryMode: FAILED_ACTIONS}
            """)));
    }

    [Fact]
    public void Retry_rules_and_approvals_are_checked()
    {
        Assert.Equal(
        [
            "stages[0].actions[0].retry.maxAttempts: maxAttempts is 11; use 1 to 10 (attempts in all, the first included)",
            "stages[0].actions[0].retry.onExitCodes[0]: exit code 0 cannot mean failure; use 1 to 255",
            "stages[0].actions[0].retry.onExitCodes[2]: exit code 75 is listed twice (first at onExitCodes[1])",
            "stages[0].actions[1].timeoutInMinutes: timeoutInMinutes is 90000; an approval waits 1 to 86400 minutes (60 days), or leave it out for 10080 (7 days)",
            "stages[0].actions[1].configuration.ExternalEntityLink: 'ftp://x' is not an http(s) URL; reviewers open it to see what they approve",
            "stages[0].actions[1].retry: a manual approval is never retried automatically; leave 'retry' out",
        ], Validate.Yaml("""
            name: p
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands, commands: [x], retry: {maxAttempts: 11, onExitCodes: [0, 75, 75]}}
                  - {name: b, category: Approval, provider: Manual, timeoutInMinutes: 90000, configuration: {ExternalEntityLink: "ftp://x"}, retry: {maxAttempts: 2}}
            """));
    }
}
