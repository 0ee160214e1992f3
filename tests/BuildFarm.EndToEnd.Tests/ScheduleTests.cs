using BuildFarm.EndToEnd.Tests.Support;

namespace BuildFarm.EndToEnd.Tests;

public sealed class ScheduleTests
{
    [Fact]
    public async Task A_schedule_survives_a_server_restart_and_never_fires_a_slot_twice()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        var probe = new TriggerProbe(farm);
        await probe.ApplyAsync(farm.WritePipeline("nightly.yaml", """
            name: nightly
            executionMode: PARALLEL
            stages:
              - name: Build
                actions:
                  - {name: Run, category: Build, provider: Commands, commands: ["echo $FARM_EXECUTION_ID >> {scratch}/runs.txt"]}
            triggers:
              - schedule: {cron: "*/2 * * * * *", timeZone: Europe/Berlin}
            """));
        var before = await probe.UntilAsync(() => probe.ExecutionsAsync("nightly"), e => e.Count >= 2, "two scheduled runs", 30);

        farm.KillServer();
        await Task.Delay(3000);
        await farm.StartServerAsync();
        var after = await probe.UntilAsync(() => probe.ExecutionsAsync("nightly"), e => e.Count >= before.Count + 3, "three more runs after the restart", 60);

        var slots = after.Select(e => e.TriggerInfo.Revision).ToList();
        Assert.All(after, e => Assert.Equal("Schedule", e.TriggerInfo.Type));
        Assert.Equal(slots.Count, slots.Distinct().Count());
        var times = slots.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.All(times, t => Assert.Equal(0, t.Second % 2));
        foreach (var execution in after.Take(after.Count - 1)) Assert.Equal("Succeeded", (await farm.WaitForEndAsync(execution.ExecutionId)).Status);
        var listed = await farm.CliAsync("triggers", "list", "nightly");
        Assert.Contains("cron '*/2 * * * * *' in Europe/Berlin", listed.Output);
    }
}
