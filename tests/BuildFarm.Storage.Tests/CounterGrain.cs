using Orleans.Runtime;

namespace BuildFarm.Storage.Tests;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
    Task ScheduleWakeUp();
}

/// <summary>A grain whose state and reminder go through the SQLite providers, as the farm's grains will.</summary>
public sealed class CounterGrain([PersistentState("counter", "farm")] IPersistentState<TestState> counter) : Grain, ICounterGrain, IRemindable
{
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Count);

    public Task ScheduleWakeUp() => this.RegisterOrUpdateReminder("wake", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
