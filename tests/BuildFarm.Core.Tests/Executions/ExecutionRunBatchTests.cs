using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

/// <summary>A Buildspec action whose job answers a batch: its builds are queued, run, and combined into the action's result.</summary>
public sealed class ExecutionRunBatchTests
{
    private const string Pipeline = """
        name: app
        stages:
          - name: Source
            actions:
              - {name: checkout, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src]}
          - name: Build
            actions:
              - {name: make, category: Build, provider: Buildspec, inputArtifacts: [src], outputArtifacts: [bin], labels: {os: linux}}
        """;

    private static BatchPlan Plan(string batch) =>
        BatchPlanner.Plan(BuildspecParser.Parse($"version: 0.2\nbatch:\n{batch}\nphases:\n  build:\n    commands: [make]\n").Buildspec!.Batch!);

    /// <summary>The planning job of Build/make answers the plan; answers the effects (the first builds queued).</summary>
    private static (RunDriver Driver, ExecutionEffects Planned) Planned(string batch)
    {
        var d = new RunDriver(Pipeline);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        var planning = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        return (d, d.Complete(planning, new JobResult { Succeeded = true, ExitCode = 0, Batch = Plan(batch) }));
    }

    private static string Child(string identifier, int attempt = 1) =>
        JobId.ForChild("exec-1", "Build", "make", 1, identifier, attempt).ToString();

    private static ExecutionEffects SucceedChild(RunDriver d, string identifier, string? variable = null)
    {
        var job = d.Lease(Child(identifier));
        Assert.Equal(identifier, job.BatchChild!.Identifier);
        return d.Complete(job, new JobResult
        {
            Succeeded = true,
            ExitCode = 0,
            Outputs = new Dictionary<string, Digest> { ["bin"] = RunDriver.DigestOf(identifier) },
            OutputVariables = variable is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["V"] = variable },
        });
    }

    [Fact]
    public void A_fanout_queues_every_shard_as_a_job_with_the_actions_labels_and_combines_them_when_all_succeeded()
    {
        var (d, planned) = Planned("  build-fanout:\n    parallelism: 12");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => Child($"shard_{i}")), RunDriver.Ids(planned));
        Assert.All(planned.Enqueue, t => Assert.Equal("linux", t.Labels!["os"]));
        var attempt = d.Action("Build", "make").CurrentAttempt!;
        Assert.Equal(AttemptStatus.InProgress, attempt.Status);
        Assert.Null(attempt.LeaseId); // the planning job's lease ended

        var job = d.Lease(Child("shard_5"));
        Assert.Equal((5, 12), (job.BatchChild!.ShardIndex, job.BatchChild.ShardCount));
        Assert.Equal("make", job.Action);
        d.Complete(job, new JobResult { Succeeded = true, ExitCode = 0, Outputs = new Dictionary<string, Digest> { ["bin"] = RunDriver.DigestOf("shard_5") } });
        ExecutionEffects last = new();
        foreach (var i in Enumerable.Range(1, 12).Where(i => i != 5)) last = SucceedChild(d, $"shard_{i}", "same");
        var combine = Assert.Single(last.Combines);
        Assert.Equal(12, Assert.Single(combine.Outputs).Parts.Count);
        Assert.Equal(ActionStatus.InProgress, d.Action("Build", "make").Status);

        var done = d.Run.CompleteBatch(combine.JobId, new Dictionary<string, Digest> { ["bin"] = RunDriver.DigestOf("combined") }, null, d.Now);
        Assert.True(done.Finished);
        var make = d.Action("Build", "make");
        Assert.Equal(ActionStatus.Succeeded, make.Status);
        Assert.Equal(RunDriver.DigestOf("combined"), make.Outputs.Single().Digest);
        Assert.Equal("shard_1", d.Run.FindChildAttempt("Build", "make", 1, "shard_1")!.JobId.Split('.')[^1]);
    }

    [Fact]
    public void A_graph_queues_a_build_once_the_builds_it_depends_on_succeeded_and_skips_it_when_one_failed()
    {
        var (d, planned) = Planned("""
              build-graph:
                - {identifier: lib}
                - {identifier: app, depend-on: [lib]}
                - {identifier: docs}
                - {identifier: pack, depend-on: [app, docs]}
            """);
        Assert.Equal([Child("lib"), Child("docs")], RunDriver.Ids(planned));
        Assert.Equal([Child("app")], RunDriver.Ids(SucceedChild(d, "lib")));
        var docs = d.Lease(Child("docs"));
        var failed = d.Complete(docs, JobResult.Failure(ErrorKind.CommandFailed, "exited with 2") with { ExitCode = 2 });
        // The default retry rule does not retry a command failure: docs failed, pack can never run.
        Assert.Empty(failed.Enqueue);
        var batch = d.Action("Build", "make").CurrentAttempt!.Batch!;
        Assert.Equal(BatchChildStatus.Skipped, batch.Children.Single(c => c.Identifier == "pack").Status);
        SucceedChild(d, "app");
        var make = d.Action("Build", "make");
        Assert.Equal(ActionStatus.Failed, make.Status);
        Assert.Contains("2 of 4 builds did not succeed", make.CurrentAttempt!.Message);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
    }

    [Fact]
    public void Fast_fail_abandons_the_builds_still_running_and_ignore_failure_keeps_the_batch_successful()
    {
        var (d, _) = Planned("  fast-fail: true\n  build-matrix:\n    dynamic:\n      env:\n        variables: {X: [1, 2, 3]}");
        var first = d.Lease(Child("matrix_1"));
        d.Lease(Child("matrix_2"));
        d.Complete(first, JobResult.Failure(ErrorKind.CommandFailed, "exited with 1") with { ExitCode = 1 });
        var batch = d.Action("Build", "make").CurrentAttempt!.Batch!;
        Assert.Equal([BatchChildStatus.Failed, BatchChildStatus.Abandoned, BatchChildStatus.Abandoned], batch.Children.Select(c => c.Status));
        Assert.Equal(ActionStatus.Failed, d.Action("Build", "make").Status);

        var (tolerant, _) = Planned("  build-list:\n    - {identifier: must}\n    - {identifier: may, ignore-failure: true}");
        var may = tolerant.Lease(Child("may"));
        tolerant.Complete(may, JobResult.Failure(ErrorKind.CommandFailed, "exited with 1") with { ExitCode = 1 });
        var combine = Assert.Single(SucceedChild(tolerant, "must").Combines);
        Assert.Equal(["must"], combine.Outputs.Single().Parts.Select(p => p.Identifier));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_stop_starts_no_more_builds_and_an_abandon_ends_the_running_ones(bool abandon)
    {
        var (d, _) = Planned("  build-list:\n    - {identifier: one}\n    - {identifier: two}\n    - {identifier: three}");
        var running = d.Lease(Child("one"));
        var stopped = d.Run.StopExecution(abandon, "tester", null, d.Now);
        var batch = d.Action("Build", "make").CurrentAttempt!.Batch!;
        Assert.Equal(BatchChildStatus.Abandoned, batch.Children.Single(c => c.Identifier == "two").Status);
        if (abandon)
        {
            Assert.Equal(BatchChildStatus.Abandoned, batch.Children[0].Status);
            Assert.Null(d.Run.GrantLease(Child("two"), "agent-1", "agent-1-name", "lease-x", d.Now, RunDriver.LeaseTtl));
        }
        else
        {
            Assert.Equal(BatchChildStatus.InProgress, batch.Children[0].Status);
            Assert.False(stopped.Finished);
            d.Complete(running, new JobResult { Succeeded = true, ExitCode = 0, Outputs = new Dictionary<string, Digest> { ["bin"] = RunDriver.DigestOf("one") } });
        }
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        Assert.Equal(ActionStatus.Abandoned, d.Action("Build", "make").Status);
    }

    [Fact]
    public void A_plan_that_names_an_unknown_dependency_fails_the_attempt_as_a_configuration_error()
    {
        var d = new RunDriver(Pipeline);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        var planning = d.Lease(Assert.Single(d.Run.StageAdmitted(1, d.Now).Enqueue));
        var plan = new BatchPlan { Kind = "build-graph", Children = [new BatchChildPlan { Identifier = "a", DependOn = ["ghost"] }] };
        d.Complete(planning, new JobResult { Succeeded = true, ExitCode = 0, Batch = plan });
        var attempt = d.Action("Build", "make").Attempts[0];
        Assert.Equal(ErrorKind.ConfigurationError, attempt.ErrorKind);
        Assert.Contains("'ghost'", attempt.Message);
    }

    [Fact]
    public void Combined_trees_hold_each_builds_tree_under_its_identifier()
    {
        var one = ArtifactTree.Create([new TreeEntry("a.txt", RunDriver.DigestOf("a"), 0b110_100_100)]);
        var two = ArtifactTree.Create([new TreeEntry("dir/b.txt", RunDriver.DigestOf("b"), 0b110_100_100)]);
        var combined = BatchResults.CombineTrees([("shard_1", one), ("shard_2", two)]);
        Assert.Equal(["shard_1/a.txt", "shard_2/dir/b.txt"], combined.Entries.Select(e => e.Path));
    }
}
