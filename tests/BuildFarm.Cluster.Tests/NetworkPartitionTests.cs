namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class NetworkPartitionTests(ClusterServices services)
{
    [Fact]
    public async Task An_agent_cut_off_mid_action_loses_its_job_after_the_lease_and_its_late_result_is_refused()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 3, LeaseTtlSeconds = 4, AgentsInNamespaces = true });
        // Long's first attempt outlives the lease; a later one (on another agent) is quick. Make and Use carry an
        // artifact over the agents' network.
        var id = await farm.ApplyAndStartAsync("""
            name: partition
            stages:
              - name: Build
                actions:
                  - name: Long
                    category: Build
                    provider: Commands
                    commands:
                      - echo "$FARM_ATTEMPT" >> {scratch}/Long.runs
                      - if [ "$FARM_ATTEMPT" = 1 ]; then sleep 8; fi
                  - name: Make
                    category: Build
                    provider: Commands
                    commands:
                      - mkdir -p out && head -c 300000 /dev/urandom > out/data.bin
                      - sha256sum out/data.bin | cut -d' ' -f1 > {scratch}/data.sha256
                    outputArtifacts: [{ name: data, files: ["out/**"] }]
              - name: Check
                actions:
                  - name: Use
                    category: Test
                    provider: Commands
                    inputArtifacts: [data]
                    commands:
                      - test "$(sha256sum out/data.bin | cut -d' ' -f1)" = "$(cat {scratch}/data.sha256)"
            """, "partition.yaml");
        var running = await farm.WaitUntilAsync(id, e => e.Stages[0].Actions[0].Status == "InProgress", "Long is running");
        var victim = running.Stages[0].Actions[0].Attempts[0].AgentName;
        var host = int.Parse(victim["agent-".Length..]);
        // Cut off mid-action: once the agent runs the job, not as soon as the server leased it (the lease is durable,
        // and so visible, a moment before the agent hears of it; a cut in that moment would keep the job from it).
        await farm.Agents[victim].WaitForOutputAsync("started: Build/Long attempt 1", TimeSpan.FromSeconds(30));

        await farm.Network!.CutAsync(host);
        var cut = DateTime.UtcNow;
        var execution = await farm.WaitForEndAsync(id);
        // The victim's job ends (sleep 8) while it is cut off; its result waits for the network.
        var jobEnded = cut + TimeSpan.FromSeconds(10);
        if (DateTime.UtcNow < jobEnded) await Task.Delay(jobEnded - DateTime.UtcNow);
        await farm.Network.RestoreAsync(host);
        await farm.Agents[victim].WaitForOutputAsync("the server refused its result", TimeSpan.FromSeconds(90));

        Assert.Equal("Succeeded", execution.Status);
        var attempts = (await farm.GetExecutionAsync(id)).Stages[0].Actions[0].Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.Equal((victim, "Failed", "LeaseExpired"), (attempts[0].AgentName, attempts[0].Status, attempts[0].ErrorKind));
        Assert.NotEqual(victim, attempts[1].AgentName);
        Assert.Equal("Succeeded", attempts[1].Status);
        Assert.Equal(["1", "2"], File.ReadAllLines(Path.Combine(farm.Scratch, "Long.runs")));
        Assert.All(execution.Stages.SelectMany(s => s.Actions), a => Assert.Equal("Succeeded", a.Status));

        Assert.Equal(1, await BlobAudit.VerifyAsync(farm, id));
    }
}
