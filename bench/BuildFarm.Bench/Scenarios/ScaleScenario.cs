using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// One execution of 5,000 no-op actions (10 stages of 500) against the same shape at 500 (10 stages of 50): time per
/// action and the server's peak resident memory, each size on a fresh server.
/// </summary>
public sealed class ScaleScenario : IScenario
{
    private const int Stages = 10, Small = 500, Large = 5000, Agents = 4, Slots = 4;
    private const long MemoryLimit = 1L << 30;

    public string Name => "scale";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var small = await MeasureAsync(context, Small, cancellationToken);
        var large = await MeasureAsync(context, Large, cancellationToken);
        var growth = large.PerActionMs / small.PerActionMs;
        return
        [
            new ResultRow(Name, context.Profile.Name, $"time per action at {Large:N0} actions ({Stages} stages), vs at {Small}",
                Format.Ms(large.PerActionMs), $"at {Small}: {Format.Ms(small.PerActionMs)}", Format.Ratio(growth), "ratio < 1.5", growth < 1.5),
            new ResultRow(Name, context.Profile.Name, $"peak server memory (VmHWM) at {Large:N0} actions, vs at {Small}",
                Format.MiB(large.PeakBytes), $"at {Small}: {Format.MiB(small.PeakBytes)}", Format.Ratio((double)large.PeakBytes / small.PeakBytes),
                "< 1 GiB", large.PeakBytes < MemoryLimit),
        ];
    }

    private async Task<(double PerActionMs, long PeakBytes)> MeasureAsync(ScenarioContext context, int actions, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, Agents, Slots, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps("warm-up", 1, Agents * Slots), cancellationToken);
        await runner.RunAsync("warm-up", ScenarioContext.ExecutionLimit, cancellationToken);
        var pipeline = $"{Name}-{actions}";
        await runner.ApplyAsync(BenchPipelines.NoOps(pipeline, Stages, actions / Stages), cancellationToken);

        var perAction = new List<double>();
        for (var run = 1; run <= context.Runs; run++)
        {
            var execution = await runner.RunAsync(pipeline, ScenarioContext.ExecutionLimit, cancellationToken);
            perAction.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt) / actions);
            context.Say(Name, $"{actions} actions, run {run}: {Format.Ms(perAction[^1])} per action, " +
                              $"{Format.Seconds(perAction[^1] * actions / 1000)} in all, server peak {Format.MiB(farm.Server.PeakResidentBytes())}");
        }
        return (Stats.Median(perAction), farm.Server.PeakResidentBytes());
    }
}
