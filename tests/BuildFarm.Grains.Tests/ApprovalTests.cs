using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Tests;

[Collection(FarmClusterCollection.Name)]
public sealed class ApprovalTests(FarmCluster farm) : GrainTest(farm, "approvals")
{
    private const string Yaml = """
        name: x
        stages:
          - name: Build
            actions:
              - {name: Compile, category: Build, provider: Commands, commands: [make]}
          - name: Release
            actions:
              - {name: Approve, category: Approval, provider: Manual, timeoutInMinutes: 1, configuration: {CustomData: "ship #{pipeline.ExecutionId}?", ExternalEntityLink: "https://review.example/x"}}
              - {name: Ship, category: Build, provider: Commands, commands: [ship], runOrder: 2}
        """;

    private async Task<string> AtApprovalAsync()
    {
        var id = await StartAsync(await ApplyAsync("approve", Yaml));
        await Agent.SucceedAsync(await Agent.AcquireOneAsync());
        await UntilAsync(id, r => r.Stages[1].Actions[0].Status == ActionStatus.InProgress, "the approval waits");
        return id;
    }

    [Fact]
    public async Task An_approval_waits_without_a_job_and_approve_lets_the_stage_go_on()
    {
        var id = await AtApprovalAsync();
        Assert.Empty(await Agent.AcquireAsync(waitSeconds: 0.3));
        var approval = (await RunOf(id)).Stages[1].Actions[0].CurrentAttempt!.Approval!;
        Assert.Equal(($"ship {id}?", "https://review.example/x"), (approval.Summary, approval.Url));

        await Execution(id).PutApprovalAsync("Release", "Approve", true, "alice", "ok");
        var ship = await Agent.AcquireOneAsync();
        Assert.Equal("Ship", ship.Action);
        await Agent.SucceedAsync(ship);
        var run = await EndOfAsync(id);
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal(("alice", "ok"), (run.Stages[1].Actions[0].CurrentAttempt!.Approval!.DecidedBy, run.Stages[1].Actions[0].CurrentAttempt!.Approval!.Comment));
    }

    [Fact]
    public async Task Reject_fails_the_execution_and_an_unknown_action_is_NotFound()
    {
        var id = await AtApprovalAsync();
        await RefusedAsync(() => Execution(id).PutApprovalAsync("Release", "Nope", true, "a", null), FarmErrorCode.NotFound);
        await Execution(id).PutApprovalAsync("Release", "Approve", false, "bob", "no");
        var run = await EndOfAsync(id);
        Assert.Equal((ExecutionStatus.Failed, "stage 'Release' failed: action 'Approve': rejected by bob: no"), (run.Status, run.StatusSummary));
    }

    [Fact]
    public async Task An_approval_arriving_after_a_stop_is_refused()
    {
        var id = await AtApprovalAsync();
        await Execution(id).StopAsync(false, "carol", "cancelled");
        var refused = await RefusedAsync(() => Execution(id).PutApprovalAsync("Release", "Approve", true, "alice", null), FarmErrorCode.FailedPrecondition);
        Assert.Contains("it was abandoned at", refused.Message);
        Assert.Equal(ExecutionStatus.Stopped, (await RunOf(id)).Status);
    }

    [Fact]
    public async Task An_approval_with_no_decision_fails_when_its_timeout_passes()
    {
        var id = await AtApprovalAsync();
        FarmCluster.Clock.Advance(TimeSpan.FromMinutes(2));
        var run = await EndOfAsync(id);
        var attempt = run.Stages[1].Actions[0].CurrentAttempt!;
        Assert.Equal((ExecutionStatus.Failed, ErrorKind.Timeout, ApprovalDecision.TimedOut), (run.Status, attempt.ErrorKind, attempt.Approval!.Decision));
        Assert.StartsWith("no decision within 1 minute(s)", attempt.Message);
    }
}
