using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>One stage of 200 no-op actions on 4 agents with 4 slots each, start to Succeeded; baseline: xargs -P 16.</summary>
public sealed class FanoutScenario : IScenario
{
    public const int Actions = 200, Agents = 4, Slots = 4;
    private const int WarmUpExecutions = 20;
    /// <summary>Rounds of the measured loop (an execution, then xargs) run and dropped before the measured ones.</summary>
    private const int WarmUpRounds = 3;

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

        // The executions of the warm-up run back to back, and the JIT defers its tier-1 work while methods keep being
        // compiled: it ran in the first pauses of the measured loop, where the first runs measured 270-290 ms (xargs
        // 214 ms) against about 200 ms (100 ms) from the third on. So the loop itself is warmed up too, unmeasured.
        for (var round = 1; round <= WarmUpRounds; round++)
        {
            await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
            await Baselines.XargsAsync(Actions, Agents * Slots, cancellationToken);
        }

        var farmMs = new List<double>();
        var baselineMs = new List<double>();
        var phases = new List<FanoutPhases>();
        var cpu = new CpuMeter(farm);
        for (var run = 1; run <= context.Runs; run++)
        {
            var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
            farmMs.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt));
            phases.Add(FanoutPhases.Of(execution));
            baselineMs.Add(await Baselines.XargsAsync(Actions, Agents * Slots, cancellationToken));
            context.Say(Name, $"run {run}: farm {Format.Ms(farmMs[^1])} ({phases[^1]}), xargs -P {Agents * Slots} {Format.Ms(baselineMs[^1])}");
        }
        var ratio = Stats.Median(farmMs) / Stats.Median(baselineMs);
        var perAction = cpu.PerAction(Actions * context.Runs);
        context.Say(Name, $"farm CPU per action: {CpuMeter.Describe(perAction)}; medians: {FanoutPhases.Median(phases)}");
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Actions} no-op actions, {Agents} agents x {Slots} slots: start to Succeeded",
                Format.Ms(Stats.Median(farmMs)), $"xargs -P {Agents * Slots}: {Format.Ms(Stats.Median(baselineMs))}", Format.Ratio(ratio), "ratio < 2", ratio < 2),
            new ResultRow(Name, context.Profile.Name, "the farm's CPU per action (server / agent processes, commands excluded)",
                $"{Format.Ms(perAction.ServerMs)} / {Format.Ms(perAction.AgentsMs)}", "", "", "", null),
        ];
    }
}
