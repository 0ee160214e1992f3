using BuildFarm.Api.V1;
using BuildFarm.Cli.Watching;

namespace BuildFarm.Cli.Tests;

public sealed class ExecutionProgressTests
{
    private static IEnumerable<string> Lines(IEnumerable<ProgressEvent> events) =>
        events.Select(e => ProgressPrinter.Format(e)[10..]); // without "HH:mm:ss  "

    [Fact]
    public void Every_status_change_is_reported_once_in_the_order_it_happened()
    {
        var progress = new ExecutionProgress(TimeProvider.System);

        var lines = Snapshots.FailingBuild().SelectMany(s => Lines(progress.Update(s))).ToList();

        Assert.Equal(Snapshots.FailingBuildLines, lines);
    }

    [Fact]
    public void Snapshots_seen_again_or_older_ones_after_a_reconnect_report_nothing_new()
    {
        var progress = new ExecutionProgress(TimeProvider.System);
        var snapshots = Snapshots.FailingBuild();
        foreach (var s in snapshots.Take(2)) progress.Update(s);

        Assert.Empty(progress.Update(snapshots[0]));
        Assert.Empty(progress.Update(snapshots[1]));
        Assert.Equal(Snapshots.FailingBuildLines[4..], Lines(progress.Update(snapshots[2])).Concat(Lines(progress.Update(snapshots[3]))));
    }

    [Fact]
    public void Joining_late_reports_where_everything_stands()
    {
        var lines = Lines(new ExecutionProgress(TimeProvider.System).Update(Snapshots.FailingBuild()[^1]));

        Assert.Equal(
            [
                "Build/Compile  Succeeded (1.2s)",
                "Build/Test  Failed (500ms): exit code 2: tests failed",
                "Build  Failed (2.0s)",
                "execution e-1  Failed (2.0s): Build/Test failed",
            ],
            lines);
    }

    [Fact]
    public void The_event_time_is_the_servers_timestamp_for_that_change()
    {
        var events = new ExecutionProgress(TimeProvider.System).Update(Snapshots.FailingBuild()[^1]);

        var testFailed = events.Single(e => e.Subject == "Build/Test" && e.Status == "Failed");
        Assert.Equal(Snapshots.T0.AddSeconds(1.9), testFailed.At);
    }

    [Fact]
    public void A_retried_action_reports_each_attempt_and_the_abandoned_one_with_its_reason()
    {
        var execution = Snapshots.FailingBuild()[2].Clone();
        var test = execution.Stages[0].Actions[1];
        test.Attempts[0].Status = "Abandoned";
        test.Attempts[0].ErrorKind = "AgentLost";
        test.Attempts[0].Message = "agent-2 stopped sending heartbeats";
        test.Attempts[0].FinishedAt = Snapshots.At(5);
        test.Attempts.Add(new ActionAttempt { Number = 2, Status = "InProgress", AgentName = "agent-1", StartedAt = Snapshots.At(6) });

        var lines = Lines(new ExecutionProgress(TimeProvider.System).Update(execution)).ToList();

        Assert.Contains("Build/Test  Abandoned (3.6s): AgentLost: agent-2 stopped sending heartbeats", lines);
        Assert.Contains("Build/Test  InProgress  on agent-1 (attempt 2)", lines);
    }

    [Fact]
    public void The_exit_code_is_not_repeated_when_the_message_already_gives_it()
    {
        var execution = Snapshots.FailingBuild()[^1].Clone();
        execution.Stages[0].Actions[1].Attempts[0].Message = "command exited with code 2";

        var lines = Lines(new ExecutionProgress(TimeProvider.System).Update(execution));

        Assert.Contains("Build/Test  Failed (500ms): command exited with code 2", lines);
    }

    [Fact]
    public void An_action_without_attempts_reports_its_own_status()
    {
        var execution = Snapshots.FailingBuild()[0].Clone();
        execution.Stages[0].Actions[1].Status = "InProgress";

        var lines = Lines(new ExecutionProgress(TimeProvider.System).Update(execution));

        Assert.Contains("Build/Test  InProgress", lines);
    }

    [Fact]
    public void An_action_that_ends_differently_from_its_last_attempt_reports_why()
    {
        var execution = Snapshots.FailingBuild()[2].Clone();
        var test = execution.Stages[0].Actions[1];
        test.Attempts[0].Status = "Abandoned";
        test.Attempts[0].FinishedAt = Snapshots.At(3);
        test.Status = "Failed";

        var lines = Lines(new ExecutionProgress(TimeProvider.System).Update(execution));

        Assert.Contains("Build/Test  Failed after attempt 1", lines);
    }

    [Fact]
    public void HasEnded_is_true_for_every_final_execution_status_only()
    {
        foreach (var status in new[] { "Succeeded", "Failed", "Stopped", "Cancelled", "Superseded" })
            Assert.True(ExecutionProgress.HasEnded(new Execution { Status = status }), status);
        foreach (var status in new[] { "InProgress", "Stopping", "" })
            Assert.False(ExecutionProgress.HasEnded(new Execution { Status = status }), status);
    }
}
