using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class LeaseBatchTests(FarmCluster farm) : GrainTest(farm, "batch")
{
    [Fact]
    public async Task A_batch_leases_the_wanted_jobs_in_order_and_drops_the_others()
    {
        var name = Pipelines.UniqueName("batch");
        await Pipeline(name).ApplyAsync(Pipelines.ThreeStages(name), "test");
        var execution = Execution(await StartAsync(name));
        var compile = await Agent.AcquireOneAsync();
        await Agent.SucceedAsync(compile);
        var test = (await execution.GetAsync()).Stages[1].Actions;
        var (a, b) = (test[0].CurrentAttempt!.JobId, test[1].CurrentAttempt!.JobId);

        // Compile's job is done and C is not queued yet: only A and B are still wanted.
        LeaseOffer Offer(string job, string lease, string agent = "ag-test-batch") => new(job, lease, agent, agent);
        var answers = (await execution.GrantLeasesAsync(
            [Offer(b, "ls-b"), Offer(compile.JobId, "ls-old"), Offer(a, "ls-a", "ag-other"), Offer(a.Replace($"/{test[0].Name}/", $"/{test[2].Name}/"), "ls-c")])).Value;

        // One answer per offer, in order: null where the job is no longer wanted; each lease goes to the agent that asked.
        Assert.Equal([(b, "ls-b"), null, (a, "ls-a"), null], answers.Select(s => s is null ? ((string, string)?)null : (s.JobId, s.LeaseId)));
        var specs = answers.OfType<JobSpec>().ToList();
        var leased = (await execution.GetAsync()).Stages[1].Actions;
        Assert.Equal([AttemptStatus.InProgress, AttemptStatus.InProgress, null], leased.Select(x => x.CurrentAttempt?.Status));
        Assert.Equal(["ag-other", "ag-test-batch", null], leased.Select(x => x.CurrentAttempt?.AgentId));
        Assert.Equal([null], (await execution.GrantLeasesAsync([Offer(a, "ls-again", "ag-third")])).Value); // already leased
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.3)); // their queue tickets are stale now

        foreach (var spec in specs) await Agent.SucceedAsync(spec);
        var c = await Agent.AcquireOneAsync();
        Assert.Equal("C", c.Action);
        await Agent.SucceedAsync(c);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        Assert.Equal(ExecutionStatus.Succeeded, (await execution.GetSummaryAsync()).Status);
    }

    private const string Wide = """
        name: wide
        stages:
          - name: Build
            actions:
              - {name: a, category: Build, provider: Commands, commands: [a], cache: false}
              - {name: b, category: Build, provider: Commands, commands: [b], cache: false}
              - {name: c, category: Build, provider: Commands, commands: [c], cache: false}
              - {name: d, category: Build, provider: Commands, commands: [d], cache: false}
        """;

    [Fact]
    public async Task Results_sent_together_are_each_accepted_or_refused_on_their_own_and_written_once()
    {
        var id = await StartAsync(await ApplyAsync("results", Wide));
        var jobs = new List<JobSpec>();
        while (jobs.Count < 4) jobs.AddRange(await Agent.AcquireAsync(slots: 4 - jobs.Count));
        var ok = new JobResult { Succeeded = true, ExitCode = 0 };
        var stale = new JobCompletion(jobs[1].JobId, "ls-not-its-lease", ok);

        var refusals = await Execution(id).CompleteAsync(new([
            new JobCompletion(jobs[0].JobId, jobs[0].LeaseId, ok), stale, new JobCompletion(jobs[2].JobId, jobs[2].LeaseId, ok)]));

        Assert.Null(refusals[0]);
        Assert.Contains("lease", refusals[1]);
        Assert.Null(refusals[2]);
        var run = await RunOf(id);
        Assert.Equal([ActionStatus.Succeeded, ActionStatus.InProgress, ActionStatus.Succeeded, ActionStatus.InProgress],
            run.Stages[0].Actions.Select(a => a.Status));
        // What the batch changed is durable: a new activation reads both results back.
        await Farm.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(run.Stages[0].Actions.Select(a => a.Status), (await RunOf(id)).Stages[0].Actions.Select(a => a.Status));
    }

    [Fact]
    public async Task Results_reported_at_once_through_the_batcher_each_end_as_their_own_caller_expects()
    {
        var id = await StartAsync(await ApplyAsync("together", Wide));
        var jobs = new List<JobSpec>();
        while (jobs.Count < 4) jobs.AddRange(await Agent.AcquireAsync(slots: 4 - jobs.Count));
        var batcher = new ResultBatcher(Farm.Grains);
        var ok = new JobResult { Succeeded = true, ExitCode = 0 };

        var reports = jobs.Select(j => batcher.CompleteAsync(id, new JobCompletion(j.JobId, j.LeaseId, ok)))
            .Append(batcher.CompleteAsync(id, new JobCompletion(jobs[0].JobId, "ls-stale", ok)))
            .ToList();
        var refused = await Assert.ThrowsAsync<FarmException>(() => reports[^1]);
        Assert.Equal(FarmErrorCode.FailedPrecondition, refused.Code);
        await Task.WhenAll(reports.Take(4));

        Assert.Equal(ExecutionStatus.Succeeded, (await EndOfAsync(id)).Status);
        // An execution that does not exist fails every result of its batch, each with the same error.
        var missing = await Assert.ThrowsAsync<FarmException>(() => batcher.CompleteAsync("ex-missing", new JobCompletion("j", "l", ok)));
        Assert.Equal(FarmErrorCode.NotFound, missing.Code);
    }
}
