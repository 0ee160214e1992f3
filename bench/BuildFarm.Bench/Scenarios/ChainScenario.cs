using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>20 stages of one no-op action each, in ms per stage; baseline: 20 sequential `sh -c true`.</summary>
public sealed class ChainScenario : IScenario
{
    public const int Stages = 20;
    private const double TargetOverheadMs = 15;
    private const int WarmUpExecutions = 40;

    public string Name => "chain";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, agentCount: 2, slots: 1, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps(Name, Stages, 1), cancellationToken);
        // Each agent runs only ~10 jobs per execution: with fanout's 2 warm-ups the measured runs still paid for tiered
        // JIT (2-4x the CPU per stage, see bench/results/README.md); 15 is where the CPU per stage settled.
        await runner.WarmUpAsync(Name, cancellationToken, executions: WarmUpExecutions);

        var farmMs = new List<double>();
        var baselineMs = new List<double>();
        var phases = new List<ChainPhases>();
        var cpu = new CpuMeter(farm);
        for (var run = 1; run <= context.Runs; run++)
        {
            var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
            farmMs.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt) / Stages);
            phases.Add(ChainPhases.Of(execution));
            baselineMs.Add(await Baselines.SequentialAsync(Stages, cancellationToken) / Stages);
            context.Say(Name, $"run {run}: farm {Format.Ms(farmMs[^1])} per stage ({phases[^1]}), sh -c true {Format.Ms(baselineMs[^1])}");
        }
        var perStage = Stats.Median(farmMs);
        var baseline = Stats.Median(baselineMs);
        var above = perStage - baseline;
        var cpuPerStage = cpu.PerAction(Stages * context.Runs);
        context.Say(Name, $"median phases per stage: {ChainPhases.Median(phases)}");
        context.Say(Name, $"farm CPU per stage: {CpuMeter.Describe(cpuPerStage)}");
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Stages} stages of 1 no-op action: per stage (above baseline: {Format.Ms(above)})",
                Format.Ms(perStage), $"sh -c true: {Format.Ms(baseline)}", Format.Ratio(perStage / baseline),
                $"< {TargetOverheadMs} ms/stage above baseline", above < TargetOverheadMs),
            new ResultRow(Name, context.Profile.Name, "the farm's CPU per stage (server / agent processes, commands excluded)",
                $"{Format.Ms(cpuPerStage.ServerMs)} / {Format.Ms(cpuPerStage.AgentsMs)}", "", "", "", null),
        ];
    }
}
