namespace BuildFarm.Grains.Tests;

/// <summary>The group commit's batching on its own: what goes in which call, and who gets which answer.</summary>
public sealed class ExecutionBatchesTests
{
    /// <summary>A grain stand-in whose calls end when the test says so; it records every batch it was sent.</summary>
    private sealed class HeldCalls
    {
        public List<(string Execution, List<int> Items)> Calls { get; } = [];
        public Queue<TaskCompletionSource> Pending { get; } = new();

        public async Task<IReadOnlyList<string>> SendAsync(string execution, IReadOnlyList<int> items)
        {
            lock (Calls) Calls.Add((execution, items.ToList()));
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Pending) Pending.Enqueue(held);
            await held.Task;
            if (items.Contains(-1)) throw new InvalidOperationException("the call failed");
            return items.Select(i => $"{execution}:{i}").ToList();
        }

        public void EndNext()
        {
            lock (Pending) Pending.Dequeue().SetResult();
        }
    }

    [Fact]
    public async Task The_first_items_go_at_once_and_what_arrives_meanwhile_goes_together_in_the_next_call()
    {
        var grain = new HeldCalls();
        var batches = new ExecutionBatches<int, string>(grain.SendAsync);

        var first = batches.SendAsync("ex-1", [1, 2]);
        var second = batches.SendAsync("ex-1", [3]);
        var third = batches.SendAsync("ex-1", [4, 5]);
        Assert.Equal([("ex-1", [1, 2])], grain.Calls.Select(c => (c.Execution, c.Items)));

        grain.EndNext();
        Assert.Equal(["ex-1:1", "ex-1:2"], await first);
        await Eventually.ReachAsync(() => Task.FromResult(grain.Calls.Count), n => n == 2, "the second call");
        Assert.Equal([3, 4, 5], grain.Calls[1].Items);
        Assert.False(second.IsCompleted);

        grain.EndNext();
        Assert.Equal(["ex-1:3"], await second);
        Assert.Equal(["ex-1:4", "ex-1:5"], await third);

        // Quiet again: the next item goes alone, without waiting for anything.
        var fourth = batches.SendAsync("ex-1", [6]);
        await Eventually.ReachAsync(() => Task.FromResult(grain.Calls.Count), n => n == 3, "the third call");
        Assert.Equal([6], grain.Calls[2].Items);
        grain.EndNext();
        Assert.Equal(["ex-1:6"], await fourth);
    }

    [Fact]
    public async Task A_failed_call_fails_its_own_callers_only_and_executions_never_wait_for_each_other()
    {
        var grain = new HeldCalls();
        var batches = new ExecutionBatches<int, string>(grain.SendAsync);

        var failing = batches.SendAsync("ex-1", [-1]);
        var other = batches.SendAsync("ex-2", [7]);
        Assert.Equal(["ex-1", "ex-2"], grain.Calls.Select(c => c.Execution));
        var later = batches.SendAsync("ex-1", [8]);

        grain.EndNext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Eventually.ReachAsync(() => Task.FromResult(grain.Calls.Count), n => n == 3, "the next call of ex-1");
        grain.EndNext();
        Assert.Equal(["ex-2:7"], await other);
        grain.EndNext();
        Assert.Equal(["ex-1:8"], await later);
    }
}
