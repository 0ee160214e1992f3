using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>One stage of 200 no-op actions on 4 agents with 4 slots each, start to Succeeded; baseline: xargs -P 16.</summary>
public sealed class FanoutScenario : IScenario
{
    public const int Actions = 200, Agents = 4, Slots = 4;
    private const int WarmUpExecutions = 20;

    public string Name => "fanout";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, Agents, Slots, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps(Name, 1, Actions), cancellationToken);
        // The first executions of young processes are mostly the JIT's work (2 s where a warm farm takes 0.7 s; see
        // bench/results/README.md): the runs measured come after the per-run times settled, about 20 executions in
        // either profile ("Sixth round").
        await runner.WarmUpAsync(Name, cancellationToken, executions: WarmUpExecutions);

        var farmMs = new List<double>();
        var baselineMs = new List<double>();
        var cpu = new CpuMeter(farm);
        for (var run = 1; run <= context.Runs; run++)
        {
            var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
            farmMs.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt));
            baselineMs.Add(await Baselines.XargsAsync(Actions, Agents * Slots, cancellationToken));
            context.Say(Name, $"run {run}: farm {Format.Ms(farmMs[^1])}, xargs -P {Agents * Slots} {Format.Ms(baselineMs[^1])}");
        }
        var ratio = Stats.Median(farmMs) / Stats.Median(baselineMs);
        var perAction = cpu.PerAction(Actions * context.Runs);
        context.Say(Name, $"farm CPU per action: {CpuMeter.Describe(perAction)}");
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Actions} no-op actions, {Agents} agents x {Slots} slots: start to Succeeded",
                Format.Ms(Stats.Median(farmMs)), $"xargs -P {Agents * Slots}: {Format.Ms(Stats.Median(baselineMs))}", Format.Ratio(ratio), "ratio < 2", ratio < 2),
            new ResultRow(Name, context.Profile.Name, "the farm's CPU per action (server / agent processes, commands excluded)",
                $"{Format.Ms(perAction.ServerMs)} / {Format.Ms(perAction.AgentsMs)}", "", "", "", null),
        ];
    }
}
