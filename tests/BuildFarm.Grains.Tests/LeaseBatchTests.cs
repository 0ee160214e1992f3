using BuildFarm.Core.Executions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

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
        var answers = await ApplyAsync(execution,
            Offer(b, "ls-b"), Offer(compile.JobId, "ls-old"), Offer(a, "ls-a", "ag-other"), Offer(a.Replace($"/{test[0].Name}/", $"/{test[2].Name}/"), "ls-c"));

        // One answer per offer, in order: no spec where the job is no longer wanted; each lease goes to the agent that asked.
        Assert.Equal([(b, "ls-b"), null, (a, "ls-a"), null], answers.Select(x => x.Spec is { } s ? (s.JobId, s.LeaseId) : ((string, string)?)null));
        var specs = answers.Select(x => x.Spec).OfType<JobSpec>().ToList();
        var leased = (await execution.GetAsync()).Stages[1].Actions;
        Assert.Equal([AttemptStatus.InProgress, AttemptStatus.InProgress, null], leased.Select(x => x.CurrentAttempt?.Status));
        Assert.Equal(["ag-other", "ag-test-batch", null], leased.Select(x => x.CurrentAttempt?.AgentId));
        Assert.Null(Assert.Single(await ApplyAsync(execution, Offer(a, "ls-again", "ag-third"))).Spec); // already leased
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
        var stale = new JobCompletion(jobs[1].JobId, "ls-not-its-lease", ok, 0, "refused\n"u8.ToArray());

        var refusals = (await ApplyAsync(Execution(id),
            JobTransition.Of(new JobCompletion(jobs[0].JobId, jobs[0].LeaseId, ok, 0, "whole log\n"u8.ToArray())), JobTransition.Of(stale),
            JobTransition.Of(new JobCompletion(jobs[2].JobId, jobs[2].LeaseId, ok, 7, "end\n"u8.ToArray())))).Select(x => x.Refusal).ToList();

        Assert.Null(refusals[0]);
        Assert.Contains("lease", refusals[1]);
        Assert.Null(refusals[2]);
        var run = await RunOf(id);
        Assert.Equal([ActionStatus.Succeeded, ActionStatus.InProgress, ActionStatus.Succeeded, ActionStatus.InProgress],
            run.Stages[0].Actions.Select(a => a.Status));
        // What the batch changed is durable: a new activation reads both results back.
        await Farm.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(run.Stages[0].Actions.Select(a => a.Status), (await RunOf(id)).Stages[0].Actions.Select(a => a.Status));
        // The accepted results' log ends are stored with them; the refused one's is not.
        var store = ((InProcessSiloHandle)Farm.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IExecutionStore>();
        Assert.Equal((0L, "whole log\n"), Tail(await store.ReadLogTailAsync(id, jobs[0].JobId)));
        Assert.Null(await store.ReadLogTailAsync(id, jobs[1].JobId));
        Assert.Equal((7L, "end\n"), Tail(await store.ReadLogTailAsync(id, jobs[2].JobId)));
    }

    private static (long, string) Tail(JobLogTail? tail) => tail is null ? (-1, "(none)") : (tail.Offset, System.Text.Encoding.UTF8.GetString(tail.Data));

    [Fact]
    public async Task Results_reported_at_once_through_the_node_each_end_as_their_own_caller_expects()
    {
        var id = await StartAsync(await ApplyAsync("together", Wide));
        var jobs = new List<JobSpec>();
        while (jobs.Count < 4) jobs.AddRange(await Agent.AcquireAsync(slots: 4 - jobs.Count));
        var transitions = new JobTransitions(Farm.Grains);
        var ok = new JobResult { Succeeded = true, ExitCode = 0 };

        var reports = jobs.Select(j => transitions.CompleteAsync(id, new JobCompletion(j.JobId, j.LeaseId, ok)))
            .Append(transitions.CompleteAsync(id, new JobCompletion(jobs[0].JobId, "ls-stale", ok)))
            .ToList();
        var refused = await Assert.ThrowsAsync<FarmException>(() => reports[^1]);
        Assert.Equal(FarmErrorCode.FailedPrecondition, refused.Code);
        await Task.WhenAll(reports.Take(4));

        Assert.Equal(ExecutionStatus.Succeeded, (await EndOfAsync(id)).Status);
        // An execution that does not exist fails every result of its batch, each with the same error.
        var missing = await Assert.ThrowsAsync<FarmException>(() => transitions.CompleteAsync("ex-missing", new JobCompletion("j", "l", ok)));
        Assert.Equal(FarmErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task Leases_and_results_in_one_batch_are_applied_in_order_and_written_once()
    {
        var id = await StartAsync(await ApplyAsync("mixed", Wide));
        var first = await Agent.AcquireAsync(slots: 2);
        Assert.Equal(2, first.Count);
        var run = await RunOf(id);
        var queued = run.Stages[0].Actions.Where(x => x.CurrentAttempt?.Status == AttemptStatus.Queued).Select(x => x.CurrentAttempt!.JobId).ToList();
        Assert.Equal(2, queued.Count);
        var ok = new JobResult { Succeeded = true, ExitCode = 0 };

        var answers = await ApplyAsync(Execution(id),
            JobTransition.Of(new JobCompletion(first[0].JobId, first[0].LeaseId, ok)), Offer(queued[0], "ls-q0"),
            JobTransition.Of(new JobCompletion(first[1].JobId, "ls-wrong", ok)), Offer(queued[1], "ls-q1"));

        Assert.Equal([null, queued[0], null, queued[1]], answers.Select(x => x.Spec?.JobId));
        Assert.Equal([false, false, true, false], answers.Select(x => x.Refusal is not null));
        await Farm.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal([AttemptStatus.Succeeded, AttemptStatus.InProgress, AttemptStatus.InProgress, AttemptStatus.InProgress],
            (await RunOf(id)).Stages[0].Actions.Select(x => x.CurrentAttempt!.Status));
    }

    private static JobTransition Offer(string job, string lease, string agent = "ag-test-batch") => JobTransition.Of(new LeaseOffer(job, lease, agent, agent));

    private static async Task<IReadOnlyList<JobAnswer>> ApplyAsync(IExecutionGrain execution, params JobTransition[] transitions) =>
        (await execution.ApplyAsync(new(transitions))).Value;
}
