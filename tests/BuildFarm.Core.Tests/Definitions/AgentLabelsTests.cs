namespace BuildFarm.Core.Tests.Definitions;

public sealed class AgentLabelsTests
{
    private static readonly Dictionary<string, string> Linux = new() { ["os"] = "linux", ["arch"] = "x64", ["size"] = "large" };

    [Fact]
    public void An_agent_matches_when_it_has_every_required_label_with_the_same_value()
    {
        Assert.True(AgentLabels.Satisfies(null, Linux));
        Assert.True(AgentLabels.Satisfies(new Dictionary<string, string>(), new Dictionary<string, string>()));
        Assert.True(AgentLabels.Satisfies(new Dictionary<string, string> { ["os"] = "linux", ["arch"] = "x64" }, Linux));
        Assert.False(AgentLabels.Satisfies(new Dictionary<string, string> { ["os"] = "windows" }, Linux));
        Assert.False(AgentLabels.Satisfies(new Dictionary<string, string> { ["gpu"] = "yes" }, Linux));
    }

    [Fact]
    public void The_pool_label_picks_the_pool_and_describe_orders_keys()
    {
        Assert.Equal("default", AgentLabels.PoolOf(Linux));
        Assert.Equal("gpu", AgentLabels.PoolOf(new Dictionary<string, string> { ["pool"] = "gpu" }));
        Assert.Equal("arch=x64,os=linux,size=large", AgentLabels.Describe(Linux));
    }

    [Fact]
    public void Bad_labels_a_labelled_approval_and_a_cache_on_an_uncacheable_provider_are_refused_with_their_path()
    {
        var problems = Validate.Yaml("""
            name: p
            stages:
              - name: S
                actions:
                  - {name: src, category: Source, provider: Folder, configuration: {Path: /x}, outputArtifacts: [a], cache: true}
              - name: B
                actions:
                  - {name: b, category: Build, provider: Commands, commands: [make], inputArtifacts: [a], labels: {os: "lin ux", "-k": v}}
                  - {name: ok, category: Approval, provider: Manual, labels: {os: linux}}
            """);
        Assert.Contains("stages[1].actions[0].labels.os: 'lin ux' is not a valid value for label 'os': use 1 to 63 characters from A-Z a-z 0-9 . - _, starting with a letter or digit", problems);
        Assert.Contains("stages[1].actions[0].labels.-k: '-k' is not a valid label key: use 1 to 63 characters from A-Z a-z 0-9 . - _, starting with a letter or digit", problems);
        Assert.Contains("stages[1].actions[1].labels: a Manual approval runs no job on an agent; leave 'labels' out", problems);
        Assert.Contains(problems, p => p.StartsWith("stages[0].actions[0].cache: provider 'Folder' cannot be cached"));
    }

    [Fact]
    public void Labels_and_cache_survive_a_write_and_a_parse()
    {
        var definition = Examples.Parse("""
            name: p
            stages:
              - name: B
                actions:
                  - {name: b, category: Build, provider: Commands, commands: [make], labels: {os: linux, pool: big}, cache: false}
            """);
        var action = definition.Stages[0].Actions[0];
        Assert.Equal(new Dictionary<string, string> { ["os"] = "linux", ["pool"] = "big" }, action.Labels);
        Assert.False(action.Cache);
        var again = Examples.Parse(DefinitionCodec.ToYaml(definition)).Stages[0].Actions[0];
        Assert.Equal(action.Labels, again.Labels);
        Assert.Equal(action.Cache, again.Cache);
    }
}
