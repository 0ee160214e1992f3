namespace BuildFarm.Grains.Tests;

public static class Eventually
{
    /// <summary>Polls until the condition holds; the limit only guards against a hang, it is not a timing assertion.</summary>
    public static async Task<T> ReachAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never reached: {what}; last value: {value}");
            await Task.Delay(50);
        }
    }
}
