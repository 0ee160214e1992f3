using System.Security.Cryptography;

namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BlobOutageTests(ClusterServices services)
{
    [Fact]
    public async Task Azurite_stopped_for_seconds_mid_upload_is_retried_and_the_artifacts_arrive_intact()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 2, LeaseTtlSeconds = 30 });
        // Seed writes 40 MB, marks that its upload is about to start, and ends: the agent then uploads.
        var seed = $"head -c 40000000 /dev/urandom > out/seed.bin && touch {farm.Scratch}/uploading";
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("bloboutage", width: 3, seedCommand: seed), "bloboutage.yaml");
        var marker = Path.Combine(farm.Scratch, "uploading");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(marker))
        {
            Assert.True(DateTime.UtcNow < deadline, "the seed action never started its upload");
            await Task.Delay(20);
        }

        await services.StopAzuriteAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await services.StartAzuriteAsync();
        }

        var execution = await farm.WaitForEndAsync(id);
        ExecutionAssert.SucceededOnce(execution, farm.Scratch);
        await BlobAudit.VerifyAsync(farm, id);
        // The Fan actions checked the seed's bytes against what Seed wrote; so does a download through a node.
        var target = Path.Combine(farm.Scratch, "download");
        var get = await farm.CliAsync(2, "artifacts", "get", id, "seed", "-o", target);
        Assert.True(get.ExitCode == 0, get.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(farm.Scratch, "seed.sha256")).Trim(),
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(target, "out", "seed.bin")))));
    }
}
