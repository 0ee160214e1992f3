using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunConditionTests
{
    private static string Pipeline(string conditions, string mode = "QUEUED") => $$"""
        name: app
        executionMode: {{mode}}
        variables: [{name: branch, defaultValue: main}]
        stages:
          - name: Build
            actions:
              - {name: compile, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: ["**"]}]}
          - name: Deploy
            {{conditions}}
            actions:
              - {name: ship, category: Build, provider: Commands, commands: [ship], inputArtifacts: [bin]}
          - name: Verify
            actions:
              - {name: check, category: Test, provider: Commands, commands: [check], inputArtifacts: [bin]}
        """;

    private static RunDriver ThroughBuild(string conditions, IReadOnlyDictionary<string, string>? variables = null)
    {
        var d = new RunDriver(Pipeline(conditions), variables);
        var done = d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        Assert.Equal(1, done.EnterStage);
        return d;
    }

    private const string OnlyMain = """
        beforeEntry:
              conditions:
                - result: SKIP
                  rules:
                    - {name: OnMain, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: EQ, Value: main}}
        """;

    [Fact]
    public void A_passing_entry_rule_lets_the_stage_run_and_its_outcome_is_recorded()
    {
        var d = ThroughBuild(OnlyMain);
        var admitted = d.Run.StageAdmitted(1, d.Now);
        Assert.Equal([RunDriver.JobId("Deploy", "ship")], RunDriver.Ids(admitted));
        var condition = Assert.Single(d.Run.Stages[1].Conditions);
        Assert.Equal((ConditionKind.BeforeEntry, ConditionStatus.Passed, "passed: the stage runs"), (condition.Kind, condition.Status, condition.Outcome));
        var rule = Assert.Single(condition.Rules);
        Assert.Equal((RuleStatus.Succeeded, "'main' equals 'main'"), (rule.Status, rule.Message));
        Assert.Equal("#{variables.branch}", new RunDriver(Pipeline(OnlyMain)).Run.Definition.Stages[1].BeforeEntry!.Conditions[0].Rules[0].Configuration["Variable"]);
        Assert.Equal("main", rule.ResolvedConfiguration["Variable"]);
    }

    [Fact]
    public void A_failing_entry_rule_with_SKIP_skips_the_stage_and_the_execution_goes_on()
    {
        var d = ThroughBuild(OnlyMain.Replace("Value: main", "Value: release"));
        var skipped = d.Run.StageAdmitted(1, d.Now);
        Assert.Equal((1, 2), (skipped.LeaveStage, skipped.EnterStage));
        Assert.Equal(StageStatus.Skipped, d.Run.Stages[1].Status);
        Assert.Equal("skipped by its beforeEntry condition: rule 'OnMain' (VariableCheck) failed: 'main' does not satisfy EQ 'release'",
            d.Run.Stages[1].StatusSummary);
        Assert.Equal(ActionStatus.Pending, d.Action("Deploy", "ship").Status);
        var verify = d.Run.StageAdmitted(2, d.Now);
        Assert.Single(verify.Enqueue);
    }

    [Fact]
    public void An_action_whose_input_comes_from_a_skipped_stage_fails_saying_so()
    {
        var d = new RunDriver("""
            name: app
            stages:
              - name: Build
                beforeEntry:
                  conditions:
                    - result: SKIP
                      rules:
                        - {name: Never, provider: VariableCheck, configuration: {Variable: "#{pipeline.Name}", Operator: EQ, Value: other}}
                actions:
                  - {name: compile, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: ["**"]}]}
              - name: Deploy
                actions:
                  - {name: ship, category: Build, provider: Commands, commands: [ship], inputArtifacts: [bin]}
            """);
        d.Run.Begin(d.Now);
        Assert.Equal(1, d.Run.StageAdmitted(0, d.Now).EnterStage);
        Assert.True(d.Run.StageAdmitted(1, d.Now).Finished);
        var attempt = d.Action("Deploy", "ship").CurrentAttempt!;
        Assert.Equal(ErrorKind.ConfigurationError, attempt.ErrorKind);
        Assert.Equal("input artifact(s) 'bin' were not produced in this execution ('bin' comes from stage 'Build', which is Skipped: " +
                     "skipped by its beforeEntry condition: rule 'Never' (VariableCheck) failed: 'app' does not satisfy EQ 'other')", attempt.Message);
    }

    [Fact]
    public void A_failing_entry_rule_with_FAIL_fails_the_stage_without_running_an_action()
    {
        var d = ThroughBuild(OnlyMain.Replace("result: SKIP", "result: FAIL"), new Dictionary<string, string> { ["branch"] = "dev" });
        var failed = d.Run.StageAdmitted(1, d.Now);
        Assert.True(failed.Finished);
        Assert.Equal("stage 'Deploy' failed its beforeEntry condition: rule 'OnMain' (VariableCheck) failed: 'dev' does not satisfy EQ 'main'",
            d.Run.StatusSummary);
        Assert.Empty(d.Action("Deploy", "ship").Attempts);
    }

    [Fact]
    public void A_Commands_rule_runs_as_a_job_whose_exit_code_decides()
    {
        var d = ThroughBuild("""
            beforeEntry:
                  conditions:
                    - rules:
                        - {name: Smoke, provider: Commands, commands: ["test -f ok"], inputArtifacts: [bin]}
            """);
        var admitted = d.Run.StageAdmitted(1, d.Now);
        var ticket = Assert.Single(admitted.Enqueue);
        Assert.Equal("exec-1/Deploy/beforeEntry/Smoke/1", ticket.JobId);
        var job = d.Lease(ticket);
        Assert.Equal(("Rule", "Commands", "beforeEntry/Smoke"), (job.Category, job.Provider, job.Action));
        Assert.Equal(["test -f ok"], job.Commands);
        Assert.Equal("bin", Assert.Single(job.Inputs).Name);
        Assert.Same(d.Run.FindAttempt("Deploy", "beforeEntry/Smoke", 1), d.Run.FindAttempt(ticket.JobId));

        var failed = d.Fail(job, exitCode: 3);
        Assert.True(failed.Finished);
        var rule = d.Run.Stages[1].Conditions[0].Rules[0];
        Assert.Equal((RuleStatus.Failed, "the commands exited with code 3"), (rule.Status, rule.Message));
        Assert.Equal("stage 'Deploy' failed its beforeEntry condition: rule 'Smoke' (Commands) failed: the commands exited with code 3", d.Run.StatusSummary);
    }

    [Fact]
    public void A_passing_Commands_rule_lets_the_stage_run()
    {
        var d = ThroughBuild("""
            onSuccess:
                  conditions:
                    - rules:
                        - {name: Probe, provider: Commands, commands: ["curl -f http://service/health"]}
            """);
        var ship = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        var probe = d.Succeed(ship);
        Assert.Null(probe.LeaveStage);
        var job = d.Lease(Assert.Single(probe.Enqueue));
        Assert.Equal("onSuccess/Probe", job.Action);
        var passed = d.Succeed(job);
        Assert.Equal((1, 2), (passed.LeaveStage, passed.EnterStage));
        Assert.True(passed.LeftSucceeded);
    }

    [Fact]
    public void A_failing_onSuccess_rule_with_ROLLBACK_fails_the_stage_and_asks_for_a_rollback()
    {
        var d = ThroughBuild("""
            onSuccess:
                  conditions:
                    - result: ROLLBACK
                      rules:
                        - {name: Canary, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: MATCHES, Value: "rel.*"}}
            """);
        var ship = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        var effects = d.Succeed(ship);
        Assert.Equal((1, 1, true), (effects.LeaveStage, effects.StartRollback, effects.Finished));
        Assert.False(effects.LeftSucceeded);
        Assert.Equal("Deploy", Assert.Single(d.Run.AutomatedRollbacks).Stage);
        d.Run.RecordAutomatedRollback("Deploy", "ex-rb", null);
        Assert.EndsWith("; rollback execution ex-rb started", d.Run.StatusSummary);
        Assert.Equal("ROLLBACK: the stage fails and a rollback execution is requested", d.Run.Stages[1].Conditions[0].Outcome);
    }

    [Fact]
    public void OnFailure_RETRY_runs_the_stage_once_more_then_fails()
    {
        var d = ThroughBuild("""
            onFailure:
                  result: RETRY
                  retryConfiguration: {retryMode: ALL_ACTIONS}
            """);
        var ship = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        var retried = d.Fail(ship);
        Assert.Equal([RunDriver.JobId("Deploy", "ship", 2)], RunDriver.Ids(retried));
        var record = Assert.Single(d.Run.Stages[1].Retries);
        Assert.Equal((true, StageRetryMode.AllActions), (record.Automated, record.Mode));
        var failed = d.Fail(d.Lease(retried.Enqueue[0]));
        Assert.True(failed.Finished);
        Assert.EndsWith("(its automatic retry was already used)", d.Run.StatusSummary);
    }

    [Fact]
    public void OnFailure_engages_its_result_only_when_its_rules_pass()
    {
        const string guarded = """
            onFailure:
                  result: RETRY
                  conditions:
                    - rules:
                        - {name: OnMain, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: EQ, Value: main}}
            """;
        var main = ThroughBuild(guarded);
        var retried = main.Fail(main.Lease(Assert.Single(main.Run.StageAdmitted(1, main.Now).Enqueue)));
        Assert.Single(retried.Enqueue);

        var dev = ThroughBuild(guarded, new Dictionary<string, string> { ["branch"] = "dev" });
        var failed = dev.Fail(dev.Lease(Assert.Single(dev.Run.StageAdmitted(1, dev.Now).Enqueue)));
        Assert.True(failed.Finished);
        Assert.Contains("(onFailure condition not met: rule 'OnMain' (VariableCheck) failed", dev.Run.StatusSummary);
    }

    [Fact]
    public void A_rule_that_references_a_variable_nobody_published_fails_with_a_clear_message()
    {
        var d = new RunDriver("""
            name: app
            stages:
              - name: Build
                actions:
                  - {name: compile, category: Build, provider: Commands, commands: [make], namespace: build, outputVariables: [VERSION]}
              - name: Deploy
                beforeEntry:
                  conditions:
                    - rules:
                        - {name: Tagged, provider: VariableCheck, configuration: {Variable: "#{build.VERSION}", Operator: NE, Value: ""}}
                actions:
                  - {name: ship, category: Build, provider: Commands, commands: [ship]}
            """);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        Assert.True(d.Run.StageAdmitted(1, d.Now).Finished);
        Assert.Equal("cannot resolve #{build.VERSION}: no such variable was published before this rule", d.Run.Stages[1].Conditions[0].Rules[0].Message);
    }

    [Fact]
    public void A_stop_while_a_rule_job_runs_waits_for_it_and_abandons_the_condition()
    {
        var d = ThroughBuild("""
            beforeEntry:
                  conditions:
                    - rules:
                        - {name: Slow, provider: Commands, commands: ["sleep 10"]}
                        - {name: Never, provider: Commands, commands: ["true"]}
            """);
        var job = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        d.Run.StopExecution(false, "alice", null, d.Now);
        var ended = d.Succeed(job);
        Assert.True(ended.Finished);
        var condition = d.Run.Stages[1].Conditions[0];
        Assert.Equal((ConditionStatus.Abandoned, RuleStatus.Pending), (condition.Status, condition.Rules[1].Status));
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
    }
}
