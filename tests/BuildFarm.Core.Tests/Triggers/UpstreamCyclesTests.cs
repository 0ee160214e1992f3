using BuildFarm.Core.Definitions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class UpstreamCyclesTests
{
    private static PipelineDefinition Following(string name, params string[] upstreams) => new()
    {
        Name = name,
        Stages = [new StageDefinition { Name = "Build", Actions = [new ActionDefinition { Name = "Run", Category = ActionCategory.Build, Provider = "Commands" }] }],
        Triggers = [.. upstreams.Select(u => new TriggerDefinition { Upstream = new UpstreamTrigger { Pipeline = u } })],
    };

    private static Dictionary<string, IReadOnlyList<string>> Edges(params (string From, string To)[] edges) =>
        edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(e => e.To)]);

    [Fact]
    public void A_trigger_on_a_pipeline_that_already_follows_this_one_is_a_loop_with_its_path()
    {
        // deploy starts after build, test after deploy; build following test closes build -> deploy -> test -> build.
        var problems = UpstreamCycles.Find(Following("build", "lint", "test"), Edges(("build", "deploy"), ("deploy", "test"), ("lint", "build")));

        var problem = Assert.Single(problems);
        Assert.Equal("triggers[1].upstream.pipeline", problem.Path);
        Assert.Contains("(build -> deploy -> test)", problem.Message);
        Assert.Contains("loop", problem.Message);
    }

    [Fact]
    public void A_chain_and_a_diamond_without_a_way_back_are_no_loop()
    {
        var edges = Edges(("build", "test"), ("build", "docs"), ("test", "deploy"), ("docs", "deploy"));

        Assert.Empty(UpstreamCycles.Find(Following("deploy", "test", "docs"), edges));
        Assert.Empty(UpstreamCycles.Find(Following("publish", "deploy"), edges));
    }

    [Fact]
    public void The_self_loop_is_left_to_the_validator()
    {
        Assert.Empty(UpstreamCycles.Find(Following("build", "build"), Edges(("build", "build"))));
    }
}
