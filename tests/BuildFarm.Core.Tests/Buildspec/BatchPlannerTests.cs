using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Buildspec;

public sealed class BatchPlannerTests
{
    private static BuildspecBatch BatchOf(string yaml)
    {
        var parsed = BuildspecParser.Parse(yaml);
        Assert.True(parsed.IsValid, parsed.Describe());
        return parsed.Buildspec!.Batch!;
    }

    private static IReadOnlyList<string> ProblemsOf(string yaml) => BuildspecParser.Parse(yaml).Problems.Select(p => p.ToString()).ToList();

    [Fact]
    public void A_dynamic_matrix_is_the_cartesian_product_of_buildspecs_and_variable_values_with_the_static_variables()
    {
        var plan = BatchPlanner.Plan(BatchOf("""
            version: 0.2
            batch:
              build-matrix:
                static:
                  env:
                    variables: {STAGE: ci}
                dynamic:
                  buildspec: [a.yml, b.yml]
                  env:
                    variables:
                      OS: [linux, mac]
                      ARCH: [x64, arm64]
            """));
        Assert.Equal("build-matrix", plan.Kind);
        Assert.Equal(8, plan.Children.Count);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"matrix_{i}"), plan.Children.Select(c => c.Identifier));
        Assert.Equal(
            [
                "a.yml ARCH=x64 OS=linux STAGE=ci", "a.yml ARCH=arm64 OS=linux STAGE=ci", "a.yml ARCH=x64 OS=mac STAGE=ci", "a.yml ARCH=arm64 OS=mac STAGE=ci",
                "b.yml ARCH=x64 OS=linux STAGE=ci", "b.yml ARCH=arm64 OS=linux STAGE=ci", "b.yml ARCH=x64 OS=mac STAGE=ci", "b.yml ARCH=arm64 OS=mac STAGE=ci",
            ],
            plan.Children.Select(c => $"{c.Buildspec} " + string.Join(" ", c.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"))));
    }

    [Fact]
    public void A_three_by_three_matrix_of_variables_makes_nine_distinct_builds_of_the_actions_own_buildspec()
    {
        var plan = BatchPlanner.Plan(BatchOf("""
            version: 0.2
            batch:
              build-matrix:
                dynamic:
                  env:
                    variables:
                      X: [1, 2, 3]
                      Y: [a, b, c]
            phases:
              build:
                commands: [echo $X$Y]
            """));
        Assert.Equal(9, plan.Children.Count);
        Assert.All(plan.Children, c => Assert.Null(c.Buildspec));
        Assert.Equal(9, plan.Children.Select(c => c.Variables["X"] + c.Variables["Y"]).Distinct().Count());
    }

    [Fact]
    public void A_fanout_makes_numbered_shards_that_know_their_index_and_count()
    {
        var plan = BatchPlanner.Plan(BatchOf("""
            version: 0.2
            batch:
              fast-fail: true
              build-fanout:
                parallelism: 12
                ignore-failure: true
            phases:
              build:
                commands: [codebuild-tests-run --test-command 'echo' --files-search 'codebuild-glob-search tests/*.sh']
            """));
        Assert.Equal("build-fanout", plan.Kind);
        Assert.True(plan.FastFail);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => ($"shard_{i}", i, 12, true)),
            plan.Children.Select(c => (c.Identifier, c.ShardIndex, c.ShardCount, c.IgnoreFailure)));
    }

    [Fact]
    public void A_build_list_and_a_build_graph_keep_their_identifiers_variables_buildspecs_and_dependencies()
    {
        var plan = BatchPlanner.Plan(BatchOf("""
            version: 0.2
            batch:
              build-graph:
                - identifier: lib
                  env:
                    variables: {PART: lib}
                - identifier: app
                  buildspec: app/buildspec.yml
                  depend-on: [lib]
                - identifier: docs
                  ignore-failure: true
                  depend-on: [lib, app]
            phases:
              build:
                commands: [make]
            """));
        Assert.Equal("build-graph", plan.Kind);
        Assert.False(plan.FastFail);
        Assert.Equal([("lib", "", "", false), ("app", "app/buildspec.yml", "lib", false), ("docs", "", "lib,app", true)],
            plan.Children.Select(c => (c.Identifier, c.Buildspec ?? "", string.Join(",", c.DependOn), c.IgnoreFailure)));
        Assert.Equal("lib", plan.Children[0].Variables["PART"]);
    }

    [Fact]
    public void A_graph_with_a_cycle_is_refused_with_the_cycle()
    {
        Assert.Contains("batch.build-graph: the builds depend on each other in a cycle: a -> b -> c -> a", ProblemsOf("""
            version: 0.2
            batch:
              build-graph:
                - {identifier: a, depend-on: [b]}
                - {identifier: b, depend-on: [c]}
                - {identifier: c, depend-on: [a]}
            phases:
              build:
                commands: [make]
            """));
    }

    [Fact]
    public void Find_cycle_answers_null_for_a_dag_and_the_loop_for_a_self_reference()
    {
        Assert.Null(BuildGraph.FindCycle([new BatchTask { Identifier = "a" }, new BatchTask { Identifier = "b", DependOn = ["a"] }]));
        Assert.Equal(["x", "x"], BuildGraph.FindCycle([new BatchTask { Identifier = "x", DependOn = ["x"] }]));
    }

    [Theory]
    [InlineData("build-list:\n    - {identifier: a, depend-on: [b]}\n    - {identifier: b}",
        "batch.build-list[0].depend-on: depend-on belongs to build-graph; use build-graph for builds that wait for others")]
    [InlineData("build-graph:\n    - {identifier: a, depend-on: [zz]}",
        "batch.build-graph[0].depend-on: 'zz' is not a build of this batch (builds: a)")]
    [InlineData("build-list:\n    - {identifier: a}\n    - {identifier: a}",
        "batch.build-list[1].identifier: identifier 'a' is used twice (first at batch.build-list[0])")]
    [InlineData("build-list:\n    - {identifier: 'a.b'}",
        "batch.build-list[0].identifier: 'a.b' is not a build identifier: use 1 to 64 characters from A-Z a-z 0-9 - _, starting with a letter or digit")]
    [InlineData("build-fanout:\n    parallelism: 0",
        "batch.build-fanout.parallelism: '0' is not a number of builds; use 1 to 100")]
    [InlineData("build-matrix:\n    dynamic:\n      env:\n        variables: {A: [1,2,3,4,5,6,7,8,9,10,11]}\n        image: ubuntu",
        "batch.build-matrix.dynamic.env.image: is not supported: agents are chosen by the action's labels (labels: {size: large}), there are no compute types or images to pick")]
    [InlineData("build-list:\n    - {identifier: a}\n  build-fanout:\n    parallelism: 2",
        "batch: has build-list and build-fanout; a batch is one of them")]
    public void Bad_batches_are_refused_with_the_path_and_the_reason(string batch, string expected)
    {
        var problems = ProblemsOf($"version: 0.2\nbatch:\n  {batch}\nphases:\n  build:\n    commands: [make]\n");
        Assert.True(problems.Contains(expected), $"expected '{expected}', got: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void A_matrix_larger_than_the_limit_is_refused()
    {
        var values = string.Join(",", Enumerable.Range(1, 11));
        var problems = ProblemsOf($"version: 0.2\nbatch:\n  build-matrix:\n    dynamic:\n      env:\n        variables: {{A: [{values}], B: [{values}]}}\nphases:\n  build:\n    commands: [make]\n");
        Assert.Contains("batch.build-matrix: the matrix makes 121 builds; at most 100", problems);
    }

    [Fact]
    public void Combined_variables_are_prefixed_by_build_and_shared_ones_kept_under_their_own_name()
    {
        var combined = BatchResults.CombineVariables(
        [
            ("shard_1", new Dictionary<string, string> { ["V"] = "1", ["SAME"] = "s" }),
            ("shard_2", new Dictionary<string, string> { ["V"] = "2", ["SAME"] = "s" }),
        ]);
        Assert.Equal(new Dictionary<string, string> { ["shard_1_V"] = "1", ["shard_1_SAME"] = "s", ["shard_2_V"] = "2", ["shard_2_SAME"] = "s", ["SAME"] = "s" },
            combined);
    }
}
