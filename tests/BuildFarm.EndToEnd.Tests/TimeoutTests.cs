namespace BuildFarm.EndToEnd.Tests;

public sealed class TimeoutTests
{
    [Fact]
    public async Task An_action_and_an_approval_that_outlive_their_timeouts_fail_with_the_reason_and_the_process_is_ended()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        await Steps.ApplyAsync(farm, "timeouts.yaml", """
            name: timeouts
            stages:
              - name: Wait
                actions:
                  - {name: Slow, category: Build, provider: Commands, timeoutInMinutes: 1, commands: ["sleep 600 & echo $! > {scratch}/slow.pid; wait"]}
                  - {name: Approve, category: Approval, provider: Manual, timeoutInMinutes: 1}
            """);
        var id = await Steps.StartAsync(farm, "timeouts");
        var pid = Steps.Pid(await Steps.WaitForFileAsync(Path.Combine(farm.Scratch, "slow.pid")));

        var execution = await farm.WaitForEndAsync(id, limitSeconds: 180);
        Assert.Equal("Failed", execution.Status);
        var slow = execution.Stages[0].Actions[0].Attempts.Single();
        Assert.Equal(("Timeout", "the job exceeded its timeout of 60s and was stopped"), (slow.ErrorKind, slow.Message));
        Assert.False(Steps.IsAlive(pid));
        var approval = execution.Stages[0].Actions[1].Attempts.Single();
        Assert.Equal(("Timeout", "TimedOut"), (approval.ErrorKind, approval.Approval.Decision));
        Assert.StartsWith("no decision within 1 minute(s): the approval timed out at", approval.Message);
    }
}
