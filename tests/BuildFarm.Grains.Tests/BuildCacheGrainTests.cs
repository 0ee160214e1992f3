using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;
using BuildFarm.Core.Reports;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class BuildCacheGrainTests(FarmCluster farm)
{
    [Fact]
    public async Task Build_numbers_count_jobs_once_each_and_the_cache_survives_deactivation()
    {
        var key = BuildCacheRecord.Key(Pipelines.UniqueName("cache"), "Build", "Make");
        var grain = farm.Grains.GetGrain<IBuildCacheGrain>(key);

        var first = await grain.BeginAsync("ex-1/Build/Make/1");
        Assert.Equal((1L, (string?)null), (first.BuildNumber, first.TreeHash));
        Assert.Equal(1, (await grain.BeginAsync("ex-1/Build/Make/1")).BuildNumber); // a retried call
        Assert.Equal(2, (await grain.BeginAsync("ex-2/Build/Make/1")).BuildNumber);

        var tree = Digest.Of("tree"u8);
        await grain.PutAsync("ex-2/Build/Make/1", tree.Hash, tree.SizeBytes, "agent-2");
        await farm.Cluster.DeactivateAsync((IAddressable)grain);
        await farm.Cluster.WaitForDeactivationAsync((IAddressable)grain);

        var third = await grain.BeginAsync("ex-3/Build/Make/1");
        Assert.Equal((3L, tree.Hash, tree.SizeBytes, "agent-2 (ex-2/Build/Make/1)"), (third.BuildNumber, third.TreeHash, third.TreeSize, third.SavedBy));
        Assert.NotNull(third.SavedAt);
    }

    [Fact]
    public async Task An_attempt_keeps_the_test_report_summaries_of_its_result()
    {
        var definition = Pipelines.OneAction(Pipelines.UniqueName("reports"));
        var pipeline = farm.Grains.GetGrain<IPipelineGrain>(definition.Name);
        await pipeline.ApplyAsync(definition, "test");
        var started = await pipeline.StartManualAsync(new ManualStart { Trigger = "test" });
        var agent = new TestAgent(farm.Grains, "reports");
        var job = await agent.AcquireOneAsync();
        var summary = new TestReportSummary
        {
            Group = "unit", Format = TestReportFormats.JUnitXml, Counts = new TestCounts(3, 2, 1, 0, 0), Report = Digest.Of("report"u8),
            Duration = TimeSpan.FromSeconds(2),
        };
        await agent.CompleteAsync(job, new JobResult { Succeeded = false, ExitCode = 1, ErrorKind = ErrorKind.CommandFailed, Message = "tests failed", Reports = [summary] });

        var run = await farm.Grains.GetGrain<IExecutionGrain>(started.ExecutionId).GetAsync();
        Assert.Equal(summary, Assert.Single(run.Stages[0].Actions[0].Attempts.Single().Reports));
    }
}
