using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunApprovalTests
{
    private const string Yaml = """
        name: app
        variables: [{name: Env, defaultValue: prod}]
        stages:
          - name: Build
            actions:
              - {name: compile, category: Build, provider: Commands, commands: [make], namespace: build, outputVariables: [VERSION]}
          - name: Release
            actions:
              - name: Approve
                category: Approval
                provider: Manual
                timeoutInMinutes: 60
                configuration:
                  CustomData: "ship #{build.VERSION} to #{variables.Env}?"
                  ExternalEntityLink: "https://review.example/#{build.VERSION}"
              - {name: ship, category: Build, provider: Commands, runOrder: 2, commands: [ship]}
        """;

    private static RunDriver AtApproval()
    {
        var d = new RunDriver(Yaml);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)), new Dictionary<string, string> { ["VERSION"] = "1.4" });
        Assert.Empty(d.Run.StageAdmitted(1, d.Now).Enqueue);
        return d;
    }

    [Fact]
    public void An_approval_never_becomes_a_job_and_waits_with_its_resolved_summary_link_and_deadline()
    {
        var d = AtApproval();
        var approve = d.Action("Release", "Approve");
        Assert.Equal(ActionStatus.InProgress, approve.Status);
        var approval = approve.CurrentAttempt!.Approval!;
        Assert.Equal(("ship 1.4 to prod?", "https://review.example/1.4"), (approval.Summary, approval.Url));
        Assert.Equal((d.Now, d.Now + TimeSpan.FromHours(1)), (approval.RequestedAt, approval.Deadline));
        Assert.Null(approval.Decision);
        Assert.Empty(d.Run.QueuedTickets());
        Assert.Equal(d.Now + TimeSpan.FromHours(1), d.Run.NextDeadline());
    }

    [Fact]
    public void Approve_records_who_when_and_why_and_the_stage_goes_on()
    {
        var d = AtApproval();
        d.Now += TimeSpan.FromMinutes(5);
        var effects = d.Run.PutApproval("Release", "Approve", true, "alice", "looks good", d.Now);
        var ship = Assert.Single(effects.Enqueue);
        Assert.Equal(RunDriver.JobId("Release", "ship"), ship.JobId);
        var attempt = d.Action("Release", "Approve").CurrentAttempt!;
        Assert.Equal(AttemptStatus.Succeeded, attempt.Status);
        Assert.Equal((ApprovalDecision.Approved, "alice", d.Now, "looks good"),
            (attempt.Approval!.Decision, attempt.Approval.DecidedBy, attempt.Approval.DecidedAt, attempt.Approval.Comment));

        var twice = Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Release", "Approve", false, "bob", null, d.Now));
        Assert.Equal(ExecutionRuleError.FailedPrecondition, twice.Kind);
        Assert.Contains("is no longer waiting for approval: it was approved by alice", twice.Message);
    }

    [Fact]
    public void Reject_fails_the_action_the_stage_and_the_execution()
    {
        var d = AtApproval();
        var effects = d.Run.PutApproval("Release", "Approve", false, "bob", "not on a Friday", d.Now);
        Assert.True(effects.Finished);
        Assert.Equal(ExecutionStatus.Failed, d.Run.Status);
        Assert.Equal("stage 'Release' failed: action 'Approve': rejected by bob: not on a Friday", d.Run.StatusSummary);
        var attempt = d.Action("Release", "Approve").CurrentAttempt!;
        Assert.Equal((AttemptStatus.Failed, ErrorKind.Rejected), (attempt.Status, attempt.ErrorKind));
        Assert.Equal(ActionStatus.Pending, d.Action("Release", "ship").Status);
    }

    [Fact]
    public void An_approval_without_a_decision_fails_at_its_deadline()
    {
        var d = AtApproval();
        d.Now += TimeSpan.FromMinutes(59);
        Assert.True(d.Run.CheckDeadlines(d.Now).IsEmpty);
        d.Now += TimeSpan.FromMinutes(2);
        var effects = d.Run.CheckDeadlines(d.Now);
        Assert.True(effects.Finished);
        var attempt = d.Action("Release", "Approve").CurrentAttempt!;
        Assert.Equal((ApprovalDecision.TimedOut, ErrorKind.Timeout), (attempt.Approval!.Decision, attempt.ErrorKind));
        Assert.StartsWith("no decision within 1 hour(s): the approval timed out at", attempt.Message);
        var late = Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Release", "Approve", true, "alice", null, d.Now));
        Assert.Contains("it timed out at", late.Message);
    }

    [Fact]
    public void An_approval_arriving_after_a_stop_is_refused_and_says_who_stopped()
    {
        var d = AtApproval();
        var stopped = d.Run.StopExecution(false, "carol", "release cancelled", d.Now);
        Assert.True(stopped.Finished);
        Assert.Equal(ExecutionStatus.Stopped, d.Run.Status);
        Assert.Equal(ApprovalDecision.Abandoned, d.Action("Release", "Approve").CurrentAttempt!.Approval!.Decision);
        var refused = Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Release", "Approve", true, "alice", null, d.Now));
        Assert.Equal(ExecutionRuleError.FailedPrecondition, refused.Kind);
        Assert.Contains("it was abandoned at", refused.Message);
        Assert.Contains("by carol (release cancelled)", refused.Message);
    }

    [Fact]
    public void Approving_what_is_no_approval_or_not_reached_or_unknown_is_refused_with_the_reason()
    {
        var d = new RunDriver(Yaml);
        d.BeginAndAdmit();
        Assert.Contains("not waiting for approval: it has not been reached yet (stage 'Release' is Pending",
            Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Release", "Approve", true, "a", null, d.Now)).Message);
        Assert.Equal("Build/compile is a Commands action, not a manual approval",
            Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Build", "compile", true, "a", null, d.Now)).Message);
        var unknown = Assert.Throws<ExecutionRuleException>(() => d.Run.PutApproval("Release", "Nope", true, "a", null, d.Now));
        Assert.Equal((ExecutionRuleError.NotFound, "stage 'Release' has no action 'Nope' (actions: Approve, ship)"), (unknown.Kind, unknown.Message));
    }
}
