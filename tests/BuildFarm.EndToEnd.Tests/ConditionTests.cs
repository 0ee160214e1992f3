namespace BuildFarm.EndToEnd.Tests;

public sealed class ConditionTests
{
    [Fact]
    public async Task Entry_conditions_skip_or_fail_stages_by_variable_window_and_a_command_run_on_an_agent()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "gates.yaml", """
            name: gates
            variables: [{name: branch, defaultValue: main}]
            stages:
              - name: Build
                actions:
                  - {name: Compile, category: Build, provider: Commands, commands: ["true"]}
              - name: Preview
                beforeEntry:
                  conditions:
                    - result: SKIP
                      rules:
                        - {name: NotMain, provider: VariableCheck, configuration: {Variable: "#{variables.branch}", Operator: NE, Value: main}}
                actions:
                  - {name: Publish, category: Build, provider: Commands, commands: ["touch {scratch}/preview-#{variables.branch}"]}
              - name: Release
                beforeEntry:
                  conditions:
                    - result: FAIL
                      rules:
                        - {name: Always, provider: DeploymentWindow, configuration: {Cron: "* * * * * ?", TimeZone: Europe/Berlin}}
                        - {name: Allowed, provider: Commands, commands: ["echo checking release permission", "test -f {scratch}/allow"]}
                actions:
                  - {name: Ship, category: Build, provider: Commands, commands: ["touch {scratch}/released-#{variables.branch}"]}
            """);
        var main = await Steps.StartAsync(farm, "gates");
        var blocked = await farm.WaitForEndAsync(main);
        Assert.Equal("Failed", blocked.Status);
        Assert.Equal("Skipped", blocked.Stages[1].Status);
        Assert.Equal("stage 'Release' failed its beforeEntry condition: rule 'Allowed' (Commands) failed: the commands exited with code 1", blocked.StatusSummary);
        var rules = blocked.Stages[2].Conditions.Single().Rules;
        Assert.Equal([("Always", "Succeeded"), ("Allowed", "Failed")], rules.Select(r => (r.Name, r.Status)));
        Assert.StartsWith("inside the deployment window", rules[0].Message);
        Assert.Equal("agent-1", rules[1].Attempts.Single().AgentName);
        var log = await farm.CliAsync("logs", main, "--action", "Release/beforeEntry/Allowed");
        Assert.Contains("checking release permission", log.Output);
        Assert.Contains("Release BeforeEntry condition (result FAIL): Failed", (await farm.CliAsync("executions", "show", main)).Output);

        File.WriteAllText(Path.Combine(farm.Scratch, "allow"), "");
        var feature = await Steps.StartAsync(farm, "gates", "branch=feature");
        Assert.Equal("Succeeded", (await farm.WaitForEndAsync(feature)).Status);
        Assert.True(File.Exists(Path.Combine(farm.Scratch, "preview-feature")));
        Assert.True(File.Exists(Path.Combine(farm.Scratch, "released-feature")));
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "preview-main")));
    }
}
