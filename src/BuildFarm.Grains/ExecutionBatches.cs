namespace BuildFarm.Grains;

/// <summary>
/// Group commit toward execution grains, on this node: the items for one execution that arrive while its grain is busy
/// with the previous call go to it together, in one call (and so one durable write). A quiet execution's first item
/// goes at once: no timer, no added latency; under load a batch is whatever arrived during the last call. Each caller
/// gets the answers to its own items, or the call's failure.
/// </summary>
public sealed class ExecutionBatches<TItem, TAnswer>(Func<string, IReadOnlyList<TItem>, Task<IReadOnlyList<TAnswer>>> send)
{
    private readonly Lock gate = new();
    /// <summary>Executions with a call in flight, and what waits for the next one.</summary>
    private readonly Dictionary<string, List<Waiting>> sending = [];

    /// <summary>Sends <paramref name="items"/> (in one batch, in order) and answers one answer per item.</summary>
    public async Task<IReadOnlyList<TAnswer>> SendAsync(string executionId, IReadOnlyList<TItem> items)
    {
        var waiting = new Waiting(items, new TaskCompletionSource<IReadOnlyList<TAnswer>>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool first;
        lock (gate)
        {
            first = !sending.TryGetValue(executionId, out var queued);
            if (first) sending[executionId] = [];
            else queued!.Add(waiting);
        }
        if (first) _ = SendAllAsync(executionId, [waiting]);
        return await waiting.Answers.Task;
    }

    /// <summary>Sends a batch, then whatever queued meanwhile, until nothing is left.</summary>
    private async Task SendAllAsync(string executionId, List<Waiting> batch)
    {
        while (batch.Count > 0)
        {
            try
            {
                var answers = await send(executionId, batch.SelectMany(w => w.Items).ToList());
                var next = 0;
                foreach (var waiting in batch)
                {
                    waiting.Answers.TrySetResult(answers.Skip(next).Take(waiting.Items.Count).ToList());
                    next += waiting.Items.Count;
                }
            }
            catch (Exception e)
            {
                foreach (var waiting in batch) waiting.Answers.TrySetException(e);
            }
            lock (gate)
            {
                batch = sending[executionId];
                if (batch.Count == 0) sending.Remove(executionId);
                else sending[executionId] = [];
            }
        }
    }

    private sealed record Waiting(IReadOnlyList<TItem> Items, TaskCompletionSource<IReadOnlyList<TAnswer>> Answers);
}
