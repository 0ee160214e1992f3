using System.Text.RegularExpressions;
using BuildFarm.Api.V1;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// Buildspec batches over real processes: a 3x3 matrix and a fan-out of 12 test shards over three agents, each build a
/// job of its own, their artifacts, variables and test reports combined into the action's result.
/// </summary>
public sealed partial class BatchTests
{
    private const string Pipeline = """
        name: batches
        stages:
          - name: Source
            actions:
              - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}/app"}, outputArtifacts: [source]}
          - name: Build
            actions:
              - {name: Matrix, category: Build, provider: Buildspec, inputArtifacts: [source], outputArtifacts: [combos],
                 configuration: {BuildSpec: matrix.yml}}
              - {name: Shards, category: Test, provider: Buildspec, inputArtifacts: [source], outputArtifacts: [ran],
                 configuration: {BuildSpec: fanout.yml}}
        """;

    private const string Matrix = """
        version: 0.2
        env:
          exported-variables: [COMBO]
        batch:
          build-matrix:
            static:
              env:
                variables: {KIND: matrix}
            dynamic:
              env:
                variables:
                  X: [1, 2, 3]
                  Y: [a, b, c]
        phases:
          build:
            commands:
              - sleep 1
              - mkdir -p out
              - export COMBO="$X$Y"
              - echo "$KIND $COMBO by $CODEBUILD_BATCH_BUILD_IDENTIFIER" > out/combo.txt
        artifacts:
          base-directory: out
          files: ['**/*']
        """;

    /// <summary>Each shard runs its share of tests/*.sh (codebuild-tests-run) and writes a JUnit report of what it ran.</summary>
    private const string Fanout = """
        version: 0.2
        batch:
          build-fanout:
            parallelism: 12
        phases:
          build:
            commands:
              - mkdir -p out reports
              - codebuild-tests-run --test-command 'bash run-tests.sh' --files-search "codebuild-glob-search 'tests/*.sh'"
              - touch out/ran.txt
        reports:
          unit:
            files: ['reports/*.xml']
            file-format: JUNITXML
        artifacts:
          base-directory: out
          files: ['**/*']
        """;

    private const string RunTests = """
        # run-tests.sh FILE...: runs each test file, lists it in out/ran.txt and reports it in reports/junit.xml
        {
          echo '<testsuite name="shard">'
          for f in "$@"; do
            bash "$f"
            echo "$f" >> out/ran.txt
            echo "<testcase classname=\"tests\" name=\"$f\"/>"
          done
          echo '</testsuite>'
        } > reports/junit.xml
        """;

    private static void WriteSource(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "tests"));
        File.WriteAllText(Path.Combine(root, "matrix.yml"), Matrix);
        File.WriteAllText(Path.Combine(root, "fanout.yml"), Fanout);
        File.WriteAllText(Path.Combine(root, "run-tests.sh"), RunTests);
        for (var i = 1; i <= 30; i++) File.WriteAllText(Path.Combine(root, "tests", $"t{i:00}.sh"), "sleep 0.1\n");
    }

    [Fact]
    public async Task A_three_by_three_matrix_and_twelve_shards_run_as_builds_on_three_agents_and_combine_into_the_actions_result()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 3);
        WriteSource(Path.Combine(farm.Scratch, "app"));
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("batches.yaml", Pipeline));
        Assert.True(apply.ExitCode == 0, apply.Output);

        var start = await farm.CliAsync("start", "batches", "--wait");
        Assert.True(start.ExitCode == 0, start.Output);
        var id = ExecutionId().Match(start.Output).Value;
        var build = (await farm.GetExecutionAsync(id)).Stages[1];

        // The matrix: nine builds, every combination once, each on an agent; the artifacts under each build's identifier.
        var matrix = build.Actions.Single(a => a.Name == "Matrix");
        Assert.Equal("Succeeded", matrix.Status);
        var matrixBatch = matrix.Attempts.Single().Batch;
        Assert.Equal("build-matrix", matrixBatch.Kind);
        Assert.Equal(9, matrixBatch.Builds.Count);
        Assert.All(matrixBatch.Builds, b => Assert.Equal("Succeeded", b.Status));
        Assert.All(matrixBatch.Builds, b => Assert.NotEmpty(b.Attempts.Single().AgentName));
        var expected = new[] { "1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "3c" };
        Assert.Equal(expected, matrixBatch.Builds.Select(b => b.Variables["X"] + b.Variables["Y"]).Order());
        Assert.Equal(expected, matrixBatch.Builds.Select(b => matrix.OutputVariables[$"{b.Identifier}_COMBO"]).Order());
        var combos = Path.Combine(farm.Scratch, "combos");
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", id, "combos", "-o", combos)).ExitCode);
        foreach (var b in matrixBatch.Builds)
            Assert.Equal($"matrix {b.Variables["X"]}{b.Variables["Y"]} by {b.Identifier}\n",
                await File.ReadAllTextAsync(Path.Combine(combos, b.Identifier, "combo.txt")));

        // The fan-out: twelve shards; the 30 test files split among them, each run exactly once; the reports combined.
        var shards = build.Actions.Single(a => a.Name == "Shards");
        Assert.Equal("Succeeded", shards.Status);
        var shardBatch = shards.Attempts.Single().Batch;
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"shard_{i}"), shardBatch.Builds.Select(b => b.Identifier));
        Assert.All(shardBatch.Builds, b => Assert.Equal(("Succeeded", 12), (b.Status, b.ShardCount)));
        var agents = shardBatch.Builds.Concat(matrixBatch.Builds).Select(b => b.Attempts.Single().AgentName).Distinct().Order().ToList();
        Assert.Equal(["agent-1", "agent-2", "agent-3"], agents);
        var ran = Path.Combine(farm.Scratch, "ran");
        Assert.Equal(0, (await farm.CliAsync("artifacts", "get", id, "ran", "-o", ran)).ExitCode);
        var perShard = shardBatch.Builds.Select(b => File.ReadAllLines(Path.Combine(ran, b.Identifier, "ran.txt"))).ToList();
        Assert.All(perShard, files => Assert.InRange(files.Length, 2, 3)); // 30 files over 12 shards: equal distribution
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"tests/t{i:00}.sh"), perShard.SelectMany(f => f).Order());
        var reports = shards.Attempts.Single().Reports;
        Assert.Equal(12, reports.Count);
        Assert.Equal(30, reports.Sum(r => r.Total));
        Assert.Contains(reports, r => r.Group == "shard_7/unit");

        // Where it shows: the builds in `executions show`, one build's own log with `logs --build`.
        var show = await farm.CliAsync("executions", "show", id);
        Assert.Contains("batch build-fanout: 12 builds, 12 ended", show.Output);
        Assert.Matches(@"build shard_12 \(shard 12/12\): Succeeded on agent-\d", show.Output);
        Assert.Matches(@"build matrix_9 \(KIND=matrix X=3 Y=c\): Succeeded on agent-\d", show.Output);
        var log = await farm.CliAsync("logs", id, "--action", "Build/Shards", "--build", "shard_3");
        Assert.True(log.ExitCode == 0, log.Output);
        Assert.Contains("codebuild-tests-run: shard 3 of 12 (equal-distribution): 3 of 30 test files", log.Output);
    }

    [Fact]
    public async Task A_graph_runs_builds_after_their_dependencies_and_a_failed_build_fails_the_action_and_skips_its_dependents()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2);
        var root = Path.Combine(farm.Scratch, "app");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "buildspec.yml"), """
            version: 0.2
            batch:
              build-graph:
                - identifier: lib
                  env:
                    variables: {PART: lib}
                - identifier: app
                  depend-on: [lib]
                  env:
                    variables: {PART: app}
                - identifier: broken
                  env:
                    variables: {PART: broken}
                - identifier: pack
                  depend-on: [app, broken]
                  env:
                    variables: {PART: pack}
            phases:
              build:
                commands:
                  - test "$PART" != broken
            """);
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline("graph.yaml", """
            name: graph
            stages:
              - name: Source
                actions:
                  - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}/app"}, outputArtifacts: [source]}
              - name: Build
                actions:
                  - {name: Graph, category: Build, provider: Buildspec, inputArtifacts: [source]}
            """));
        Assert.True(apply.ExitCode == 0, apply.Output);
        var start = await farm.CliAsync("start", "graph", "--wait");
        Assert.Equal(1, start.ExitCode);
        var id = ExecutionId().Match(start.Output).Value;
        var graph = (await farm.GetExecutionAsync(id)).Stages[1].Actions.Single();
        var batch = graph.Attempts.Single().Batch;
        Assert.Equal([("lib", "Succeeded"), ("app", "Succeeded"), ("broken", "Failed"), ("pack", "Skipped")],
            batch.Builds.Select(b => (b.Identifier, b.Status)));
        var lib = batch.Builds[0].Attempts.Single();
        var app = batch.Builds[1].Attempts.Single();
        Assert.True(app.StartedAt.ToDateTimeOffset() >= lib.FinishedAt.ToDateTimeOffset(), "app started before lib finished");
        Assert.Empty(batch.Builds[3].Attempts);
        Assert.Equal("Failed", graph.Status);
        Assert.Contains("2 of 4 builds did not succeed", graph.Attempts.Single().Message);
    }

    [GeneratedRegex("ex-[0-9a-z]+")]
    private static partial Regex ExecutionId();
}
