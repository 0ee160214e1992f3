using BuildFarm.Core.Definitions;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class ConditionTests(FarmCluster farm) : GrainTest(farm, "conditions")
{
    private const string Yaml = """
        name: x
        variables: [{name: branch, defaultValue: main}]
        stages:
          - name: Build
            actions:
              - {name: Compile, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: ["**"]}]}
          - name: Deploy
            beforeEntry:
              conditions:
                - result: SKIP
                  rules:
                    - {name: OnMain, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: EQ, Value: main}}
                    - {name: Smoke, provider: Commands, commands: ["./smoke #{variables.branch}"], inputArtifacts: [bin]}
            actions:
              - {name: Ship, category: Build, provider: Commands, commands: [ship], inputArtifacts: [bin]}
        """;

    [Fact]
    public async Task A_Commands_rule_runs_as_a_job_on_an_agent_and_its_success_lets_the_stage_run()
    {
        var id = await StartAsync(await ApplyAsync("commandsrule", Yaml));
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        var smoke = await Agent.AcquireOneAsync();
        Assert.Equal(("Deploy", "beforeEntry/Smoke", "Rule", "Commands"), (smoke.Stage, smoke.Action, smoke.Category, smoke.Provider));
        Assert.Equal(["./smoke main"], smoke.Commands);
        Assert.True(await Execution(id).IsLeaseLiveAsync(smoke.JobId, smoke.LeaseId));
        Assert.NotNull(await Execution(id).GetAttemptAsync("Deploy", "beforeEntry/Smoke", 1));
        await Agent.SucceedAsync(smoke);
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal("Ship", ship.Action);
        await Agent.SucceedAsync(ship);
        var run = await EndOfAsync(id);
        Assert.Equal([RuleStatus.Succeeded, RuleStatus.Succeeded], run.Stages[1].Conditions[0].Rules.Select(r => r.Status));
    }

    [Fact]
    public async Task A_failing_variable_check_skips_the_stage_without_a_job()
    {
        var id = await StartAsync(await ApplyAsync("skiprule", Yaml), new Dictionary<string, string> { ["branch"] = "dev" });
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        var run = await EndOfAsync(id);
        Assert.Equal((ExecutionStatus.Succeeded, StageStatus.Skipped), (run.Status, run.Stages[1].Status));
        Assert.Equal(RuleStatus.Pending, run.Stages[1].Conditions[0].Rules[1].Status);
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.2));
    }
}
