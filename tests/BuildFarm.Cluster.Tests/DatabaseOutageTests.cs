using System.Diagnostics;
using Xunit.Abstractions;

namespace BuildFarm.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DatabaseOutageTests(ClusterServices services, ITestOutputHelper output)
{
    [Fact]
    public async Task A_PostgreSQL_restart_mid_execution_is_retried_and_the_execution_finishes_intact()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 3, Slots = 2 });
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("pgrestart", width: 12, fanCommand: "sleep 2"), "pgrestart.yaml");
        await farm.WaitUntilAsync(id, e => e.Stages[1].Actions.Any(a => a.Status == "Succeeded") && e.Stages[1].Actions.Any(a => a.Status != "Succeeded"),
            "Fan is half done");

        var clock = Stopwatch.StartNew();
        await services.RestartPostgresAsync();
        output.WriteLine($"PostgreSQL restarted in {clock.Elapsed.TotalSeconds:0.0} s");

        var execution = await farm.WaitForEndAsync(id);
        ExecutionAssert.SucceededOnce(execution, farm.Scratch);
        await BlobAudit.VerifyAsync(farm, id);
        Assert.True(farm.Nodes.All(n => n.Alive));
    }

    [Fact]
    public async Task An_outage_longer_than_the_limit_fails_calls_naming_the_database_and_the_farm_resumes_when_it_returns()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions
        {
            Agents = 2,
            Settings = new Dictionary<string, string> { ["Farm__DatabaseRetryLimit"] = "00:00:02" },
        });
        var id = await farm.ApplyAndStartAsync(Pipelines.FanOut("pgdown", width: 4, fanCommand: "sleep 4"), "pgdown.yaml");
        await farm.WaitUntilAsync(id, e => e.Stages[1].Actions.Any(a => a.Status == "InProgress"), "Fan is running");

        await services.StopPostgresAsync();
        try
        {
            var refused = await farm.CliAsync(2, "start", "pgdown");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("database (PostgreSQL)", refused.Output);
            // The running jobs end during the outage; their results wait for the database.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await services.StartPostgresAsync();
        }

        var execution = await farm.WaitForEndAsync(id);
        ExecutionAssert.SucceededOnce(execution, farm.Scratch);
        await BlobAudit.VerifyAsync(farm, id);
        // The refused start left nothing half made: the pipeline lists only the execution that ran.
        var listed = await farm.CliAsync(1, "executions", "list", "pgdown");
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(listed.Output, "ex-[0-9a-z]+"));
    }
}
