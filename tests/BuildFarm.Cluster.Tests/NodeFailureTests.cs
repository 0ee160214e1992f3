using System.Diagnostics;
using Xunit.Abstractions;

namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class NodeFailureTests(ClusterServices services, ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_killed_mid_execution_leaves_the_execution_to_the_other_node_and_its_agents_carry_on()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 3, Slots = 2, LeaseTtlSeconds = 20 });
        // Each Fan action runs long enough that the kill lands while jobs run on agents of both nodes.
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("failover", width: 12, fanCommand: "sleep 6"), "failover.yaml", applyOn: 1, startOn: 1);
        var running = await farm.WaitUntilAsync(id, e => e.Stages[1].Actions.Count(a => a.Status == "InProgress") >= 3, "Fan actions are running");
        var runningBefore = running.Stages[1].Actions.Where(a => a.Status == "InProgress").Select(a => a.Name).ToList();

        var clock = Stopwatch.StartNew();
        farm.KillNode(1);
        var completedBefore = running.Stages.Sum(s => s.Actions.Count(a => a.Status == "Succeeded"));
        // Recovery: node 2 declares node 1 dead and resumes the executions; then the execution moves again.
        await farm.Nodes[1].Process!.WaitForOutputAsync("left the cluster; resuming unfinished executions", TimeSpan.FromSeconds(60));
        var resumed = clock.Elapsed;
        await farm.WaitUntilAsync(id, e => e.Stages.Sum(s => s.Actions.Count(a => a.Status == "Succeeded")) > completedBefore, "progress after the kill");
        var progressed = clock.Elapsed;
        var execution = await farm.WaitForEndAsync(id);
        output.WriteLine($"kill -9 of node 1: node 2 resumed the executions after {resumed.TotalSeconds:0.0} s; the next action " +
            $"completed after {progressed.TotalSeconds:0.0} s; the execution ended after {clock.Elapsed.TotalSeconds:0.0} s");

        ExecutionAssert.SucceededRunningEachActionOnce(execution, farm.Scratch);
        // The jobs that were running when the node died kept running and their results were accepted elsewhere.
        Assert.All(runningBefore, name => Assert.Single(execution.Stages[1].Actions.Single(a => a.Name == name).Attempts));
        // Agents that talked to the dead node moved to the live one.
        var movedOver = farm.Agents.Where(a => a.Value.Output.Contains($"server {farm.Address(1)}/ is unavailable", StringComparison.Ordinal)).Select(a => a.Key).ToList();
        Assert.True(movedOver.Count > 0, "no agent reported moving off the dead node:\n" + string.Join("\n", farm.Agents.Select(a => a.Value.Output)));
        Assert.True(farm.Nodes[1].Alive);

        await BlobAudit.VerifyAsync(farm, id);
    }
}
