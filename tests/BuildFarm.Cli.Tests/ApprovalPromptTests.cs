using BuildFarm.Api.V1;
using BuildFarm.Cli.Approvals;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Tests;

/// <summary>How <c>farm run</c> asks for a manual approval on a terminal, and answers each waiting approval once.</summary>
public sealed class ApprovalPromptTests
{
    private static readonly WaitingApproval Release = new("Release", "Approve", 1, "Ship 1.2 to production?", "https://changes.example.com/42");

    private static (ApprovalAnswer Answer, string Shown) Ask(string typed)
    {
        var output = new StringWriter();
        var answer = ApprovalPrompt.Ask(new StringReader(typed), output, Release);
        return (answer, output.ToString());
    }

    [Theory]
    [InlineData("y\n", true)]
    [InlineData("YES\n", true)]
    [InlineData(" y \n", true)]
    [InlineData("n\n", false)]
    [InlineData("no\n", false)]
    [InlineData("\n", false)]
    public void Y_approves_and_n_or_an_empty_line_rejects(string typed, bool approved)
    {
        var (answer, shown) = Ask(typed);

        Assert.Equal(new ApprovalAnswer(approved, ""), answer);
        Assert.Contains("Release/Approve waits for a manual approval: Ship 1.2 to production?", shown);
        Assert.Contains("  https://changes.example.com/42", shown);
        Assert.EndsWith("approve Release/Approve? [y/N/comment] ", shown);
    }

    [Fact]
    public void Any_other_line_is_a_comment_kept_for_the_decision_and_the_question_comes_again()
    {
        var (answer, shown) = Ask("checked the staging numbers\nlooks fine, really\ny\n");

        Assert.Equal(new ApprovalAnswer(true, "looks fine, really"), answer);
        Assert.Contains("approve Release/Approve with comment 'checked the staging numbers'? [y/N/comment] ", shown);
        Assert.EndsWith("approve Release/Approve with comment 'looks fine, really'? [y/N/comment] ", shown);
    }

    [Fact]
    public void A_comment_then_an_empty_line_rejects_with_that_comment()
    {
        Assert.Equal(new ApprovalAnswer(false, "not on a Friday"), Ask("not on a Friday\n\n").Answer);
    }

    [Fact]
    public void The_end_of_the_input_rejects_and_says_why()
    {
        Assert.Equal(new ApprovalAnswer(false, "no answer: standard input ended"), Ask("").Answer);
        Assert.Equal(new ApprovalAnswer(false, "wait (no answer: standard input ended)"), Ask("wait\n").Answer);
    }

    [Fact]
    public void Only_attempts_in_progress_without_a_decision_wait()
    {
        var execution = new Execution { ExecutionId = "e-1" };
        var stage = new StageExecution { Name = "Release" };
        var approve = new ActionExecution { Name = "Approve" };
        approve.Attempts.Add(new ActionAttempt { Number = 1, Status = "Failed", Approval = new Approval { Decision = "TimedOut" } });
        approve.Attempts.Add(new ActionAttempt { Number = 2, Status = "InProgress", Approval = new Approval { Summary = "again?" } });
        var build = new ActionExecution { Name = "Build" };
        build.Attempts.Add(new ActionAttempt { Number = 1, Status = "InProgress" });
        stage.Actions.Add(approve);
        stage.Actions.Add(build);
        execution.Stages.Add(stage);

        Assert.Equal([new WaitingApproval("Release", "Approve", 2, "again?", "")], WaitingApproval.In(execution));
    }

    [Fact]
    public async Task The_responder_asks_once_per_waiting_attempt_and_sends_each_decision()
    {
        await using var farm = await FakeFarm.StartAsync();
        using var client = new FarmClient(new FarmConnection(farm.Address, "t", "the test farm"));
        var terminal = new TestTerminal();
        var asked = new StringWriter();
        var snapshot = new Execution { ExecutionId = "e-1" };
        var stage = new StageExecution { Name = "Release" };
        foreach (var name in new[] { "Approve", "SignOff" })
        {
            var action = new ActionExecution { Name = name };
            action.Attempts.Add(new ActionAttempt { Number = 1, Status = "InProgress", Approval = new Approval() });
            stage.Actions.Add(action);
        }
        snapshot.Stages.Add(stage);

        await using (var responder = new ApprovalResponder(client, terminal.Terminal, ApprovalResponder.Ask(new StringReader("y\nnot yet\nn\n"), asked)))
        {
            responder.Observe(snapshot);
            responder.Observe(snapshot.Clone());
            var hangGuard = DateTime.UtcNow.AddSeconds(30);
            while (!terminal.Error.Contains("Release/SignOff rejected") && DateTime.UtcNow < hangGuard) await Task.Delay(20);
        }

        Assert.Equal([("Approve", "Approved", ""), ("SignOff", "Rejected", "not yet")],
            farm.Executions.ApprovalResults.Select(r => (r.Action, r.Status, r.Comment)));
        Assert.Equal(2, asked.ToString().Split("waits for a manual approval").Length - 1);
        Assert.Contains("Release/SignOff rejected: not yet", terminal.Error);
    }
}
