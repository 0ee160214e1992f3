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
        var specs = await execution.GrantLeasesAsync(
            [new LeaseOffer(b, "ls-b"), new LeaseOffer(compile.JobId, "ls-old"), new LeaseOffer(a, "ls-a"), new LeaseOffer(a.Replace($"/{test[0].Name}/", $"/{test[2].Name}/"), "ls-c")],
            Agent.Identity.AgentId, Agent.Identity.Name);

        Assert.Equal([(b, "ls-b"), (a, "ls-a")], specs.Select(s => (s.JobId, s.LeaseId)));
        var leased = (await execution.GetAsync()).Stages[1].Actions;
        Assert.Equal([AttemptStatus.InProgress, AttemptStatus.InProgress, null], leased.Select(x => x.CurrentAttempt?.Status));
        Assert.Empty(await execution.GrantLeasesAsync([new LeaseOffer(a, "ls-again")], "ag-other", "other")); // already leased
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.3)); // their queue tickets are stale now

        foreach (var spec in specs) await Agent.SucceedAsync(spec);
        var c = await Agent.AcquireOneAsync();
        Assert.Equal("C", c.Action);
        await Agent.SucceedAsync(c);
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        Assert.Equal(ExecutionStatus.Succeeded, (await execution.GetSummaryAsync()).Status);
    }
}
