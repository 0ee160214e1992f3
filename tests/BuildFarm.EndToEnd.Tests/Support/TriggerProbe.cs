using BuildFarm.Api.V1;

namespace BuildFarm.EndToEnd.Tests.Support;

/// <summary>Reads a farm's triggers and executions over gRPC for assertions, and waits on them (limits only guard against hangs).</summary>
public sealed class TriggerProbe(LocalFarm farm)
{
    private readonly Triggers.TriggersClient triggers = new(farm.Channel);

    public async Task<IReadOnlyList<ExecutionSummary>> ExecutionsAsync(string pipeline) =>
        (await farm.ExecutionsClient.ListExecutionsAsync(new ListExecutionsRequest { Pipeline = pipeline, Limit = 100 }, farm.Auth)).Executions;

    public async Task<TriggerStatus> TriggerAsync(string pipeline, int index = 0) =>
        (await triggers.ListTriggersAsync(new ListTriggersRequest { Pipeline = pipeline }, farm.Auth)).Triggers[index];

    public async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int limitSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never reached: {what}");
            await Task.Delay(50);
        }
    }

    public async Task ApplyAsync(string file)
    {
        var apply = await farm.CliAsync("pipeline", "apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.Output);
    }
}
