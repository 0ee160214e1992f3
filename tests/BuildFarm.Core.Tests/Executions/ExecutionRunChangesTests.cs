using System.Text.Json;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

/// <summary>
/// What a transition changed (<see cref="ExecutionRun.ActionsChangedSince"/>) and the stored form it is written in
/// (<see cref="ExecutionRunStorage"/>): a run restored from its last snapshot and the action rows written since must be
/// the run in memory, after every transition.
/// </summary>
public sealed class ExecutionRunChangesTests
{
    private const string Wide = """
        name: wide
        stages:
          - name: Build
            actions:
              - {name: a, category: Build, provider: Commands, commands: [a]}
              - {name: b, category: Build, provider: Commands, commands: [b]}
              - {name: c, category: Build, provider: Commands, commands: [c]}
              - {name: gate, category: Approval, provider: Manual, runOrder: 2}
              - {name: d, category: Build, provider: Commands, commands: [d], runOrder: 2}
          - name: Ship
            actions:
              - {name: ship, category: Build, provider: Commands, commands: [ship], retry: {maxAttempts: 2, onExitCodes: [75]}}
        """;

    [Fact]
    public void A_lease_and_a_result_change_only_their_own_action()
    {
        var d = new RunDriver(Wide);
        var queued = d.BeginAndAdmit().Enqueue;
        var before = d.Run.Checkpoint();
        var a = d.Lease(queued[0]);
        Assert.Equal([0], d.Run.ActionsChangedSince(before, [a.JobId]));

        before = d.Run.Checkpoint();
        d.Succeed(a);
        Assert.Equal([0], d.Run.ActionsChangedSince(before, [a.JobId]));
    }

    [Fact]
    public void A_result_that_queues_the_next_group_changes_the_actions_queued_and_the_approval_requested()
    {
        var d = new RunDriver(Wide);
        var queued = d.BeginAndAdmit().Enqueue;
        var jobs = queued.Select(d.Lease).ToList();
        d.Succeed(jobs[0]);
        d.Succeed(jobs[1]);

        var before = d.Run.Checkpoint();
        var next = d.Succeed(jobs[2]);
        Assert.Equal([RunDriver.JobId("Build", "d")], RunDriver.Ids(next));
        // Only c was named; the approval (never a job) and d were changed by the stage moving on.
        Assert.Equal([2, 3, 4], d.Run.ActionsChangedSince(before, [jobs[2].JobId]));
    }

    [Fact]
    public void A_stage_or_execution_that_moves_asks_for_the_whole_run()
    {
        var d = new RunDriver();
        var source = d.Lease(Assert.Single(d.BeginAndAdmit().Enqueue));
        var before = d.Run.Checkpoint();
        d.Succeed(source); // the Source stage succeeds: the run moves to Build
        Assert.Null(d.Run.ActionsChangedSince(before, [source.JobId]));

        before = d.Run.Checkpoint();
        d.Run.StageAdmitted(1, d.Now);
        Assert.Null(d.Run.ActionsChangedSince(before, []));

        var compile = d.Lease(RunDriver.JobId("Build", "compile"));
        before = d.Run.Checkpoint();
        d.Fail(compile); // the action fails; lint is still running, so the stage waits
        Assert.Equal([0], d.Run.ActionsChangedSince(before, [compile.JobId]));

        var lint = d.Lease(RunDriver.JobId("Build", "lint"));
        before = d.Run.Checkpoint();
        d.Succeed(lint); // now the stage fails, and the execution with it
        Assert.Null(d.Run.ActionsChangedSince(before, [lint.JobId]));
    }

    [Fact]
    public void A_job_of_another_stage_or_a_foreign_id_asks_for_the_whole_run()
    {
        var d = new RunDriver();
        d.BeginAndAdmit();
        var before = d.Run.Checkpoint();
        Assert.Null(d.Run.ActionsChangedSince(before, [RunDriver.JobId("Build", "compile")]));
        Assert.Null(d.Run.ActionsChangedSince(before, ["not-a-job"]));
        Assert.Equal([], d.Run.ActionsChangedSince(before, []));
    }

    [Fact]
    public void A_run_restored_from_its_snapshot_and_rows_is_the_run_in_memory_after_every_transition()
    {
        var d = new RunDriver(Wide);
        var store = new StoredForm(d.Run);
        var queued = d.BeginAndAdmit().Enqueue;
        store.Snapshot(d.Run);

        var jobs = new List<JobSpec>();
        foreach (var ticket in queued)
        {
            var before = d.Run.Checkpoint();
            jobs.Add(d.Lease(ticket));
            store.Write(d.Run, before, [jobs[^1].JobId]);
        }
        foreach (var job in jobs)
        {
            var before = d.Run.Checkpoint();
            d.Succeed(job);
            store.Write(d.Run, before, [job.JobId]);
        }
        Assert.True(store.Rows > 0);

        // The approval is answered (a whole-run write), then d runs and the stage moves on.
        d.Run.PutApproval("Build", "gate", true, "alice", null, d.Now);
        store.Snapshot(d.Run);
        var dJob = d.Lease(RunDriver.JobId("Build", "d"));
        store.Snapshot(d.Run);
        var finish = d.Run.Checkpoint();
        d.Succeed(dJob);
        store.Write(d.Run, finish, [dJob.JobId]);
        Assert.Equal(0, store.Rows);

        // A retried attempt (exit code 75) is a new attempt of the same action: written as that action's row.
        d.Run.StageAdmitted(1, d.Now);
        store.Snapshot(d.Run);
        var ship = d.Lease(RunDriver.JobId("Ship", "ship"));
        var retried = d.Run.Checkpoint();
        var retry = d.Fail(ship, exitCode: 75);
        Assert.Equal([RunDriver.JobId("Ship", "ship", 2)], RunDriver.Ids(retry));
        store.Write(d.Run, retried, [ship.JobId]);
        Assert.Equal(1, store.Rows);
    }

    [Fact]
    public void A_row_for_an_action_the_snapshot_does_not_have_is_refused_with_its_place()
    {
        var d = new RunDriver(Wide);
        var snapshot = ExecutionRunStorage.Snapshot(d.Run);
        var e = Assert.Throws<InvalidDataException>(() => ExecutionRunStorage.Restore("exec-1", snapshot, [(0, 9, "{}"u8.ToArray())], 3));
        Assert.Contains("action 9 of stage 0", e.Message);
    }

    /// <summary>The store as the execution grain writes it: a snapshot, and action rows of the current stage laid over it.</summary>
    private sealed class StoredForm(ExecutionRun run)
    {
        private byte[] _snapshot = ExecutionRunStorage.Snapshot(run);
        private readonly Dictionary<(int, int), byte[]> _rows = [];
        private long _revision = run.Revision;

        public int Rows => _rows.Count;

        public void Snapshot(ExecutionRun run)
        {
            _snapshot = ExecutionRunStorage.Snapshot(run);
            // The generated serializers write what the reflection-based ones do: stored runs of either stay readable.
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(run), _snapshot);
            _rows.Clear();
            _revision = run.Revision;
            AssertRestores(run);
        }

        public void Write(ExecutionRun run, ExecutionCheckpoint before, IEnumerable<string> jobs)
        {
            if (run.ActionsChangedSince(before, jobs) is not { } actions)
            {
                Snapshot(run);
                return;
            }
            foreach (var action in actions)
            {
                _rows[(run.CurrentStage, action)] = ExecutionRunStorage.ActionRow(run, run.CurrentStage, action);
                Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(run.Stages[run.CurrentStage].Actions[action]), _rows[(run.CurrentStage, action)]);
            }
            _revision = run.Revision;
            AssertRestores(run);
        }

        private void AssertRestores(ExecutionRun run)
        {
            var restored = ExecutionRunStorage.Restore(run.Id, _snapshot, _rows.Select(r => (r.Key.Item1, r.Key.Item2, r.Value)), _revision);
            Assert.Equal(JsonSerializer.Serialize(run), JsonSerializer.Serialize(restored));
        }
    }
}
