using System.Diagnostics;
using Xunit.Abstractions;

namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FanOutTests(ClusterServices services, ITestOutputHelper output)
{
    [Fact]
    public async Task A_stage_of_50_parallel_actions_succeeds_across_two_nodes_with_its_artifacts_as_blobs_named_by_digest()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 3, Slots = 2 });
        var clock = Stopwatch.StartNew();
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("fan", width: 50), "fan.yaml", applyOn: 1, startOn: 2);
        var execution = await farm.WaitForEndAsync(id);
        output.WriteLine($"50-action pipeline (3 agents x 2 slots, 2 nodes): {clock.Elapsed.TotalSeconds:0.0} s from start to end");

        ExecutionAssert.SucceededOnce(execution, farm.Scratch);
        Assert.Equal(52, execution.Stages.Sum(s => s.Actions.Count));
        // Any node serves any agent: the work was spread over all three agents.
        Assert.Equal(3, execution.Stages.SelectMany(s => s.Actions).Select(a => a.Attempts[0].AgentName).Distinct().Count());

        var files = await BlobAudit.VerifyAsync(farm, id);
        Assert.Equal(1 + 50 * 2, files);

        // Logs live in the blob container too, and read the same through either node.
        var logs = await farm.CliAsync(1, "logs", id, "--action", "Fan/A17");
        Assert.True(logs.ExitCode == 0, logs.Output);
        Assert.Contains("[farm] succeeded", logs.Output);
        Assert.Equal(logs.Output, (await farm.CliAsync(2, "logs", id, "--action", "Fan/A17")).Output);

        // Downloaded through a node, an artifact's bytes are the ones the action wrote.
        var target = Path.Combine(farm.Scratch, "seed-download");
        var get = await farm.CliAsync(1, "artifacts", "get", id, "seed", "-o", target);
        Assert.True(get.ExitCode == 0, get.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(farm.Scratch, "seed.sha256")).Trim(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(target, "out", "seed.bin")))));
    }

    [Fact]
    public async Task Names_that_read_as_hex_numbers_keep_separate_state()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Nodes = 1, Agents = 0 });
        // The ADO.NET provider would parse both keys as the number 0xBEEF; the farm keeps them apart.
        foreach (var (name, value) in new[] { ("beef", "lower"), ("BEEF", "upper"), ("0beef", "zero") })
        {
            var file = Path.Combine(farm.Scratch, name + ".yaml");
            await File.WriteAllTextAsync(file, $"""
                name: {name}
                variables: [{"{"} name: v, defaultValue: {value} {"}"}]
                stages:
                  - name: Only
                    actions:
                      - {"{"} name: Echo, category: Build, provider: Commands, commands: ["echo {value}"] {"}"}
                """);
            var apply = await farm.CliAsync(1, "pipeline", "apply", "-f", file);
            Assert.True(apply.ExitCode == 0, apply.Output);
        }
        foreach (var (name, value) in new[] { ("beef", "lower"), ("BEEF", "upper"), ("0beef", "zero") })
        {
            var get = await farm.CliAsync(1, "pipeline", "get", name, "--format", "yaml");
            Assert.True(get.ExitCode == 0, get.Output);
            Assert.Contains($"name: {name}", get.Output);
            Assert.Contains($"echo {value}", get.Output);
        }
    }
}
