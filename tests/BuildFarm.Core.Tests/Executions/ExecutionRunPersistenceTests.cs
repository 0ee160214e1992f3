using System.Text.Json;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ExecutionRunPersistenceTests
{
    [Fact]
    public void A_run_survives_json_mid_execution_and_continues_to_success()
    {
        var d = new RunDriver();
        var build = d.ThroughSourceToBuild();
        var compile = d.Lease(build.Enqueue[0]);
        d.Succeed(d.Lease(build.Enqueue[1]));

        var json = JsonSerializer.Serialize(d.Run);
        var restored = JsonSerializer.Deserialize<ExecutionRun>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.True(restored.Definition.SameAs(d.Run.Definition));
        Assert.Equal((d.Run.Id, d.Run.PipelineVersion, d.Run.Revision, d.Run.CurrentStage), (restored.Id, restored.PipelineVersion, restored.Revision, restored.CurrentStage));
        Assert.Equal(d.Run.Variables, restored.Variables);
        Assert.Equal(d.Run.Stages[0].Actions[0].Outputs, restored.Stages[0].Actions[0].Outputs);
        var restoredCompile = restored.Stages[1].Actions[0].CurrentAttempt!;
        Assert.Equal((compile.LeaseId, compile.LeaseDeadline, AttemptStatus.InProgress), (restoredCompile.LeaseId, restoredCompile.LeaseDeadline!.Value, restoredCompile.Status));

        d.Run = restored;
        var unit = d.Lease(Assert.Single(d.Succeed(compile, new Dictionary<string, string> { ["VERSION"] = "9" }).Enqueue));
        Assert.Equal(["test v9"], unit.Commands);
        Assert.Equal([new ArtifactRef("bin", RunDriver.DigestOf("bin"))], unit.Inputs);
        Assert.Equal(2, d.Succeed(unit).EnterStage);
        var ship = d.Lease(Assert.Single(restored.StageAdmitted(2, d.Now).Enqueue));
        Assert.True(d.Succeed(ship).Finished);
        Assert.Equal(ExecutionStatus.Succeeded, restored.Status);
    }

    [Fact]
    public void The_persisted_form_holds_no_derived_copies()
    {
        var d = new RunDriver();
        d.BeginAndAdmit();
        var json = JsonSerializer.Serialize(d.Run);
        Assert.DoesNotContain("\"CurrentStageRun\"", json);
        Assert.DoesNotContain("\"CurrentAttempt\"", json);
    }

    [Fact]
    public void Supersede_ends_an_execution_waiting_at_that_stage()
    {
        var d = new RunDriver();
        d.Run.Begin(d.Now);
        Assert.True(d.Run.Supersede(1, "exec-2", d.Now).IsEmpty);
        Assert.Equal(ExecutionStatus.InProgress, d.Run.Status);

        var effects = d.Run.Supersede(0, "exec-2", d.Now);
        Assert.True(effects.Finished);
        Assert.Null(effects.LeaveStage);
        Assert.Equal(ExecutionStatus.Superseded, d.Run.Status);
        Assert.Equal(StageStatus.Cancelled, d.Run.Stages[0].Status);
        Assert.Equal("superseded by exec-2 while waiting to enter stage 'Source'", d.Run.StatusSummary);
        Assert.True(d.Run.StageAdmitted(0, d.Now).IsEmpty);
    }

    [Fact]
    public void Supersede_leaves_an_execution_inside_its_stage_alone()
    {
        var d = new RunDriver();
        d.BeginAndAdmit();
        Assert.True(d.Run.Supersede(0, "exec-2", d.Now).IsEmpty);
        Assert.Equal(ExecutionStatus.InProgress, d.Run.Status);
        Assert.Equal(StageStatus.InProgress, d.Run.Stages[0].Status);
    }
}
