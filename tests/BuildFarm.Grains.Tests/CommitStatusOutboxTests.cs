using BuildFarm.Core.Executions;
using BuildFarm.Core.Triggers;
using BuildFarm.Tests.Shared;

namespace BuildFarm.Grains.Tests;

/// <summary>The final commit status goes through the pipeline hooks' durable outbox: tried again while the endpoint is down, kept across deactivation.</summary>
[Collection(FarmClusterCollection.Name)]
public sealed class CommitStatusOutboxTests(FarmCluster farm)
{
    private static ExecutionOutcome Finished(string pipeline, string url) => new()
    {
        ExecutionId = "ex-" + Guid.NewGuid().ToString("n")[..8],
        Pipeline = pipeline,
        Status = ExecutionStatus.Succeeded,
        CommitStatuses = [new Dictionary<string, string> { ["Url"] = url + "/repos/o/app/statuses/abc123", ["Context"] = "farm/outbox" }],
    };

    private Task<int> PendingAsync(string pipeline) => farm.Grains.GetGrain<IPipelineHooksGrain>(pipeline).CountPendingCommitStatusesAsync();

    [Fact]
    public async Task A_final_status_is_posted_again_until_the_endpoint_takes_it()
    {
        using var endpoint = new CommitStatusReceiver(n => n <= 2 ? 503 : 201);
        var hooks = farm.Grains.GetGrain<IPipelineHooksGrain>("outbox-retry");

        await hooks.ExecutionFinishedAsync(Finished("outbox-retry", endpoint.Url));

        await Eventually.ReachAsync(() => PendingAsync("outbox-retry"), n => n == 0, "the status was delivered");
        Assert.Equal(["success", "success", "success"], endpoint.Received.Select(r => r.State));
        Assert.All(endpoint.Received, r => Assert.Equal(("/repos/o/app/statuses/abc123", "farm/outbox"), (r.Path, r.Context)));
    }

    [Fact]
    public async Task An_undelivered_status_survives_deactivation_and_goes_out_when_the_endpoint_is_back()
    {
        using var endpoint = new CommitStatusReceiver(_ => 503);
        var hooks = farm.Grains.GetGrain<IPipelineHooksGrain>("outbox-durable");
        await hooks.ExecutionFinishedAsync(Finished("outbox-durable", endpoint.Url));
        await Eventually.ReachAsync(() => Task.FromResult(endpoint.Received.Count), n => n >= 1, "a first attempt was refused");

        await farm.Cluster.DeactivateAsync((IAddressable)hooks);
        Assert.Equal(1, await PendingAsync("outbox-durable")); // read back from storage by a new activation
        endpoint.Answer = _ => 201;

        await Eventually.ReachAsync(() => PendingAsync("outbox-durable"), n => n == 0, "the new activation delivered it");
        Assert.Equal("success", endpoint.Received.Last().State);
    }

    [Fact]
    public async Task A_status_the_endpoint_calls_wrong_is_given_up_after_one_attempt()
    {
        using var endpoint = new CommitStatusReceiver(_ => 422);
        var hooks = farm.Grains.GetGrain<IPipelineHooksGrain>("outbox-refused");

        await hooks.ExecutionFinishedAsync(Finished("outbox-refused", endpoint.Url));

        await Eventually.ReachAsync(() => PendingAsync("outbox-refused"), n => n == 0, "the status was given up");
        Assert.Single(endpoint.Received);
    }

    [Fact]
    public async Task A_status_that_cannot_be_posted_at_all_is_given_up_and_the_outbox_empties()
    {
        var hooks = farm.Grains.GetGrain<IPipelineHooksGrain>("outbox-no-url");
        var outcome = Finished("outbox-no-url", "unused");
        outcome.CommitStatuses[0].Remove("Url");

        await hooks.ExecutionFinishedAsync(outcome);

        await Eventually.ReachAsync(() => PendingAsync("outbox-no-url"), n => n == 0, "the status was given up");
    }
}
