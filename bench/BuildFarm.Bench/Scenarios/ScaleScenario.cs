using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// One execution of 5,000 no-op actions (10 stages of 500) against the same shape at 500 (10 stages of 50): time per
/// action, the server's CPU per action, and its peak resident memory, each size on a fresh server. One measured
/// execution per size (--quick: 2,000 against 200).
/// </summary>
public sealed class ScaleScenario : IScenario
{
    private const int Stages = 10, Agents = 4, Slots = 4;
    private const long MemoryLimit = 1L << 30;

    public string Name => "scale";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var (smallSize, largeSize) = context.Quick ? (200, 2000) : (500, 5000);
        var small = await MeasureAsync(context, smallSize, cancellationToken);
        var large = await MeasureAsync(context, largeSize, cancellationToken);
        var growth = large.PerActionMs / small.PerActionMs;
        return
        [
            new ResultRow(Name, context.Profile.Name, $"time per action at {largeSize:N0} actions ({Stages} stages), vs at {smallSize}",
                Format.Ms(large.PerActionMs), $"at {smallSize}: {Format.Ms(small.PerActionMs)}", Format.Ratio(growth), "ratio < 1.5", growth < 1.5),
            new ResultRow(Name, context.Profile.Name, $"server CPU per action at {largeSize:N0}, vs at {smallSize}",
                Format.Ms(large.ServerCpuMs), $"at {smallSize}: {Format.Ms(small.ServerCpuMs)}", Format.Ratio(large.ServerCpuMs / small.ServerCpuMs), "", null),
            new ResultRow(Name, context.Profile.Name, $"peak server memory (VmHWM) at {largeSize:N0} actions, vs at {smallSize}",
                Format.MiB(large.PeakBytes), $"at {smallSize}: {Format.MiB(small.PeakBytes)}", Format.Ratio((double)large.PeakBytes / small.PeakBytes),
                "< 1 GiB", large.PeakBytes < MemoryLimit),
        ];
    }

    private async Task<(double PerActionMs, double ServerCpuMs, long PeakBytes)> MeasureAsync(ScenarioContext context, int actions, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, Agents, Slots, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps("warm-up", 1, Agents * Slots), cancellationToken);
        await runner.WarmUpAsync("warm-up", cancellationToken);
        var pipeline = $"{Name}-{actions}";
        await runner.ApplyAsync(BenchPipelines.NoOps(pipeline, Stages, actions / Stages), cancellationToken);

        var cpu = new CpuMeter(farm);
        var execution = await runner.RunAsync(pipeline, ScenarioContext.ExecutionLimit, cancellationToken);
        var perAction = Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt) / actions;
        var used = cpu.PerAction(actions);
        var peak = farm.Server.PeakResidentBytes();
        context.Say(Name, $"{actions} actions: {Format.Ms(perAction)} per action, {Format.Seconds(perAction * actions / 1000)} in all, " +
                          $"CPU per action {CpuMeter.Describe(used)}, server peak {Format.MiB(peak)}");
        return (perAction, used.ServerMs, peak);
    }
}
