using System.Diagnostics;
using Xunit.Abstractions;

namespace BuildFarm.EndToEnd.Tests;

public sealed class StopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Abandon_ends_the_running_processes_and_marks_their_attempts_abandoned()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 2);
        await Steps.ApplyAsync(farm, "abandon.yaml", """
            name: abandon
            stages:
              - name: Build
                actions:
                  - name: Silent
                    category: Build
                    provider: Commands
                    commands: ["sleep 300 & echo $! > {scratch}/silent.pid; wait"]
                  - name: Chatty
                    category: Build
                    provider: Commands
                    commands: ["while true; do echo tick; sleep 0.1; done & echo $! > {scratch}/chatty.pid; wait"]
              - name: After
                actions:
                  - {name: Never, category: Build, provider: Commands, commands: ["touch {scratch}/never"]}
            """);
        var id = await Steps.StartAsync(farm, "abandon");
        var silent = Steps.Pid(await Steps.WaitForFileAsync(Path.Combine(farm.Scratch, "silent.pid")));
        var chatty = Steps.Pid(await Steps.WaitForFileAsync(Path.Combine(farm.Scratch, "chatty.pid")));
        Assert.True(Steps.IsAlive(silent) && Steps.IsAlive(chatty));

        var clock = Stopwatch.StartNew();
        var stop = await farm.CliAsync("stop", id, "--abandon", "--reason", "wrong commit");
        var stopAnswered = clock.Elapsed;
        Assert.True(stop.ExitCode == 0, stop.Output);
        Assert.Contains($"execution {id}: Stopped (stopped and abandoned by admin: wrong commit)", stop.Output);
        var gone = await Task.WhenAll(Steps.UntilGoneAsync(chatty), Steps.UntilGoneAsync(silent));
        output.WriteLine($"farm stop --abandon answered in {stopAnswered.TotalMilliseconds:0} ms (CLI process included); " +
                         $"then the chatty job's process was gone after {gone[0].TotalMilliseconds:0} ms more, the silent job's after {gone[1].TotalMilliseconds:0} ms more");

        var execution = await farm.GetExecutionAsync(id);
        Assert.Equal("Stopped", execution.Status);
        Assert.All(execution.Stages[0].Actions, a => Assert.Equal(("Abandoned", "Abandoned"), (a.Status, a.Attempts.Single().Status)));
        Assert.Equal(("admin", "wrong commit", true), (execution.Stop.By, execution.Stop.Reason, execution.Stop.Abandon));
        Assert.Equal("Pending", execution.Stages[1].Status);
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "never")));
        Assert.Equal(1, (await farm.CliAsync("stop", id)).ExitCode);
    }

    [Fact]
    public async Task Stop_and_wait_lets_the_running_action_finish_and_starts_nothing_after_it()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "wait.yaml", """
            name: stopwait
            stages:
              - name: Build
                actions:
                  - {name: Work, category: Build, provider: Commands, commands: ["touch {scratch}/started", "sleep 3", "touch {scratch}/finished"]}
              - name: Deploy
                actions:
                  - {name: Ship, category: Build, provider: Commands, commands: ["touch {scratch}/deployed"]}
            """);
        var id = await Steps.StartAsync(farm, "stopwait");
        await farm.WaitUntilAsync(id, _ => File.Exists(Path.Combine(farm.Scratch, "started")), "Work runs");

        var stop = await farm.CliAsync("stop", id, "--reason", "hold on");
        Assert.True(stop.ExitCode == 0, stop.Output);
        Assert.Contains($"execution {id}: Stopping", stop.Output);
        var execution = await farm.WaitForEndAsync(id);
        Assert.Equal(("Stopped", "stopped by admin: hold on"), (execution.Status, execution.StatusSummary));
        Assert.True(File.Exists(Path.Combine(farm.Scratch, "finished")));
        Assert.Equal("Succeeded", execution.Stages[0].Actions[0].Status);
        Assert.False(File.Exists(Path.Combine(farm.Scratch, "deployed")));
    }
}
