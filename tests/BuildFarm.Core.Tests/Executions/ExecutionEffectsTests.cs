using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

/// <summary>
/// <see cref="ExecutionEffects.OnlyQueuesWork"/>: the effects whose transition the grain may leave unwritten until the
/// work's first lease or cache answer. Anything another party hears of, or that moves a gate, does not qualify.
/// </summary>
public sealed class ExecutionEffectsTests
{
    private const string ApprovalFirst = """
        name: approve
        stages:
          - name: Build
            actions:
              - {name: compile, category: Build, provider: Commands, commands: [make]}
          - name: Gate
            actions:
              - {name: ok, category: Approval, provider: Manual}
        """;

    [Fact]
    public void An_admission_that_queues_jobs_only_queues_work()
    {
        var d = new RunDriver();
        var admitted = d.BeginAndAdmit();
        Assert.NotEmpty(admitted.Enqueue);
        Assert.True(admitted.OnlyQueuesWork);
    }

    [Fact]
    public void An_admission_that_asks_the_action_cache_only_queues_work()
    {
        var d = new RunDriver(cache: true);
        var source = Assert.Single(d.BeginAndAdmit().Enqueue);
        d.Succeed(d.Lease(source));
        var admitted = d.Run.StageAdmitted(1, d.Now);
        Assert.NotEmpty(admitted.CacheLookups);
        Assert.True(admitted.OnlyQueuesWork);
    }

    [Fact]
    public void An_admission_that_waits_for_an_approval_is_not_work_queued()
    {
        var d = new RunDriver(ApprovalFirst);
        d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        var admitted = d.Run.StageAdmitted(1, d.Now);
        Assert.Empty(admitted.Enqueue);
        Assert.False(admitted.OnlyQueuesWork);
    }

    [Fact]
    public void A_result_that_moves_the_execution_to_the_next_stage_is_not_work_queued()
    {
        var d = new RunDriver();
        var moved = d.Succeed(d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue)));
        Assert.Equal(0, moved.LeaveStage);
        Assert.False(moved.OnlyQueuesWork);
    }

    [Fact]
    public void Queued_work_beside_a_gate_move_an_end_a_rollback_or_grain_work_of_another_kind_is_not_only_queued_work()
    {
        static ExecutionEffects Queued(Action<ExecutionEffects> add)
        {
            var effects = new ExecutionEffects();
            effects.Enqueue.Add(new JobTicket("exec-1", RunDriver.JobId("Build", "a"), "default"));
            add(effects);
            return effects;
        }

        Assert.False(new ExecutionEffects().OnlyQueuesWork);
        Assert.True(Queued(_ => { }).OnlyQueuesWork);
        Assert.False(Queued(e => e.LeaveStage = 0).OnlyQueuesWork);
        Assert.False(Queued(e => e.EnterStage = 1).OnlyQueuesWork);
        Assert.False(Queued(e => e.Finished = true).OnlyQueuesWork);
        Assert.False(Queued(e => e.StartRollback = 0).OnlyQueuesWork);
    }
}
