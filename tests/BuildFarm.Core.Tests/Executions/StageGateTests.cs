using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class StageGateTests
{
    [Fact]
    public void Superseded_second_waits_and_third_replaces_it()
    {
        var gate = new StageGate();
        Assert.Equal(GateDecision.Admitted, gate.Enter("e1", ExecutionMode.Superseded).Decision);

        var (second, secondChanges) = gate.Enter("e2", ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Waiting, second);
        Assert.Empty(secondChanges.Superseded);

        var (third, thirdChanges) = gate.Enter("e3", ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Waiting, third);
        Assert.Equal(["e2"], thirdChanges.Superseded);
        Assert.Equal(["e1"], gate.Occupants);
        Assert.Equal(["e3"], gate.Waiting);

        Assert.Equal(["e3"], gate.Leave("e1", ExecutionMode.Superseded).Admitted);
        Assert.Equal(["e3"], gate.Occupants);
        Assert.Empty(gate.Waiting);
    }

    [Fact]
    public void Queued_admits_one_at_a_time_in_arrival_order()
    {
        var gate = new StageGate();
        Assert.Equal(GateDecision.Admitted, gate.Enter("e1", ExecutionMode.Queued).Decision);
        foreach (var id in new[] { "e2", "e3", "e4" })
        {
            var (decision, changes) = gate.Enter(id, ExecutionMode.Queued);
            Assert.Equal(GateDecision.Waiting, decision);
            Assert.Empty(changes.Superseded);
        }
        Assert.Equal(["e2", "e3", "e4"], gate.Waiting);

        Assert.Equal(["e2"], gate.Leave("e1", ExecutionMode.Queued).Admitted);
        Assert.Equal(["e3"], gate.Leave("e2", ExecutionMode.Queued).Admitted);
        Assert.Equal(["e4"], gate.Leave("e3", ExecutionMode.Queued).Admitted);
        Assert.Empty(gate.Leave("e4", ExecutionMode.Queued).Admitted);
        Assert.Empty(gate.Occupants);
    }

    [Fact]
    public void Parallel_admits_everyone()
    {
        var gate = new StageGate();
        foreach (var id in new[] { "e1", "e2", "e3" })
            Assert.Equal(GateDecision.Admitted, gate.Enter(id, ExecutionMode.Parallel).Decision);
        Assert.Equal(["e1", "e2", "e3"], gate.Occupants);
        Assert.Empty(gate.Waiting);
    }

    [Fact]
    public void Leaving_while_waiting_drops_the_execution_without_admitting_anyone_else_early()
    {
        var gate = new StageGate();
        gate.Enter("e1", ExecutionMode.Queued);
        gate.Enter("e2", ExecutionMode.Queued);
        gate.Enter("e3", ExecutionMode.Queued);
        Assert.Empty(gate.Leave("e2", ExecutionMode.Queued).Admitted);
        Assert.Equal(["e3"], gate.Waiting);
        Assert.Equal(["e3"], gate.Leave("e1", ExecutionMode.Queued).Admitted);
    }

    [Fact]
    public void Disabled_inbound_holds_everyone_and_enabling_admits_by_mode()
    {
        var queued = new StageGate();
        Assert.Empty(queued.SetInbound(false, "release freeze", ExecutionMode.Queued).Admitted);
        Assert.Equal("release freeze", queued.DisabledReason);
        Assert.Equal(GateDecision.Waiting, queued.Enter("e1", ExecutionMode.Queued).Decision);
        Assert.Equal(GateDecision.Waiting, queued.Enter("e2", ExecutionMode.Queued).Decision);
        Assert.Empty(queued.Occupants);
        Assert.Equal(["e1"], queued.SetInbound(true, null, ExecutionMode.Queued).Admitted);
        Assert.Null(queued.DisabledReason);
        Assert.Equal(["e2"], queued.Waiting);

        var parallel = new StageGate();
        parallel.SetInbound(false, "hold", ExecutionMode.Parallel);
        Assert.Equal(GateDecision.Waiting, parallel.Enter("e1", ExecutionMode.Parallel).Decision);
        Assert.Equal(GateDecision.Waiting, parallel.Enter("e2", ExecutionMode.Parallel).Decision);
        Assert.Equal(["e1", "e2"], parallel.SetInbound(true, null, ExecutionMode.Parallel).Admitted);
    }

    [Fact]
    public void Disabled_superseded_gate_keeps_only_the_newest_waiting()
    {
        var gate = new StageGate();
        gate.SetInbound(false, "hold", ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Waiting, gate.Enter("e1", ExecutionMode.Superseded).Decision);
        Assert.Equal(["e1"], gate.Enter("e2", ExecutionMode.Superseded).Changes.Superseded);
        Assert.Equal(["e2"], gate.SetInbound(true, null, ExecutionMode.Superseded).Admitted);
    }

    [Fact]
    public void Disabling_does_not_remove_the_occupant_and_leaving_then_admits_nobody()
    {
        var gate = new StageGate();
        gate.Enter("e1", ExecutionMode.Queued);
        gate.Enter("e2", ExecutionMode.Queued);
        gate.SetInbound(false, "hold", ExecutionMode.Queued);
        Assert.Equal(["e1"], gate.Occupants);
        Assert.Empty(gate.Leave("e1", ExecutionMode.Queued).Admitted);
        Assert.Equal(["e2"], gate.Waiting);
    }

    [Fact]
    public void Entering_again_is_idempotent()
    {
        var gate = new StageGate();
        gate.Enter("e1", ExecutionMode.Superseded);
        gate.Enter("e2", ExecutionMode.Superseded);

        var (inside, insideChanges) = gate.Enter("e1", ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Admitted, inside);
        Assert.Equal(StageGate.Changes.None, insideChanges);

        var (waiting, waitingChanges) = gate.Enter("e2", ExecutionMode.Superseded);
        Assert.Equal(GateDecision.Waiting, waiting);
        Assert.Empty(waitingChanges.Superseded);
        Assert.Equal(["e1"], gate.Occupants);
        Assert.Equal(["e2"], gate.Waiting);
    }
}
