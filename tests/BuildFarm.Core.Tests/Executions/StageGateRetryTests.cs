using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class StageGateRetryTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void The_execution_that_entered_last_may_enter_again_past_a_disabled_transition_and_those_waiting_there()
    {
        var gate = new StageGate();
        gate.Enter("e1", ExecutionMode.Superseded);
        gate.Leave("e1", ExecutionMode.Superseded);
        gate.SetInbound(false, "freeze", "alice", Now, ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Waiting, gate.Enter("e2", ExecutionMode.Superseded).Decision);
        Assert.Equal(("freeze", "alice", Now), (gate.DisabledReason, gate.DisabledBy, gate.DisabledAt));

        Assert.Null(gate.Reenter("e1", ExecutionMode.Superseded));
        Assert.Equal(["e1"], gate.Occupants);
        Assert.Equal(["e2"], gate.Waiting);

        Assert.Empty(gate.Leave("e1", ExecutionMode.Superseded).Admitted);
        Assert.Equal(["e2"], gate.SetInbound(true, null, "alice", Now, ExecutionMode.Superseded).Admitted);
        Assert.Null(gate.DisabledBy);
    }

    [Fact]
    public void An_older_execution_may_not_enter_again_once_a_newer_one_entered_or_while_one_is_inside()
    {
        var gate = new StageGate();
        gate.Enter("e1", ExecutionMode.Queued);
        gate.Leave("e1", ExecutionMode.Queued);
        gate.Enter("e2", ExecutionMode.Queued);
        Assert.Equal("execution 'e2' is in the stage now; a stage holds one execution at a time (QUEUED)", gate.Reenter("e1", ExecutionMode.Queued));
        gate.Leave("e2", ExecutionMode.Queued);
        Assert.StartsWith("execution 'e2' entered the stage after this one; only the latest execution in a stage can retry it",
            gate.Reenter("e1", ExecutionMode.Queued));
        Assert.Null(gate.Reenter("e1", ExecutionMode.Parallel));
    }

    [Fact]
    public void Successes_are_kept_once_each_in_the_order_the_stage_finished_and_only_the_newest_twenty()
    {
        var gate = new StageGate();
        Assert.True(gate.RecordSuccess(new StageSuccess("e2", 1, Now.AddMinutes(2))));
        Assert.True(gate.RecordSuccess(new StageSuccess("e1", 1, Now.AddMinutes(1))));
        Assert.False(gate.RecordSuccess(new StageSuccess("e2", 1, Now.AddMinutes(2))));
        Assert.Equal(["e1", "e2"], gate.Successes.Select(s => s.ExecutionId));
        for (var i = 0; i < 30; i++) gate.RecordSuccess(new StageSuccess($"n{i}", 2, Now.AddHours(1 + i)));
        Assert.Equal(StageGate.SuccessesKept, gate.Successes.Count);
        Assert.Equal("n29", gate.Successes[^1].ExecutionId);
    }
}
