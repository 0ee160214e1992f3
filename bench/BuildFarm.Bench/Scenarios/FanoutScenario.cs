using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>One stage of 200 no-op actions on 4 agents with 4 slots each, start to Succeeded; baseline: xargs -P 16.</summary>
public sealed class FanoutScenario : IScenario
{
    public const int Actions = 200, Agents = 4, Slots = 4;
    /// <summary>Warm-up executions: at least this many, then until the JIT is done (<see cref="WarmUpAsync"/>), at most <see cref="MaxWarmUpExecutions"/>.</summary>
    private const int MinWarmUpExecutions = 20, MaxWarmUpExecutions = 150;
    /// <summary>Rounds of the measured loop (an execution, then xargs) run and dropped before the measured ones.</summary>
    private const int WarmUpRounds = 3;

    public string Name => "fanout";

    /// <summary>Runs executions until two in a row cost the farm's tiered compiler no CPU (a 10 ms tick of /proc); answers how many ran.</summary>
    private async Task<int> WarmUpAsync(BenchFarm farm, ExecutionRunner runner, CancellationToken cancellationToken)
    {
        var executions = 0;
        var quiet = 0;
        while (executions < MaxWarmUpExecutions && (executions < MinWarmUpExecutions || quiet < 2))
        {
            var compiled = farm.CompilerCpuTime();
            await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
            executions++;
            // A compiler thread that ended (idle) takes its time along: less than before counts as nothing compiled.
            quiet = farm.CompilerCpuTime() <= compiled ? quiet + 1 : 0;
        }
        return executions;
    }

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, Agents, Slots, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps(Name, 1, Actions), cancellationToken);
        // The first executions of young processes are mostly the JIT's work (2 s where a warm farm takes 0.7 s; see
        // bench/results/README.md), and its tier-1 compiler ran on for 25-50 s after the start in the cluster profile.
        var warmUp = await WarmUpAsync(farm, runner, cancellationToken);
        context.Say(Name, $"warmed up with {warmUp} executions (until two in a row compiled nothing)");

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
            context.Say(Name, $"run {run}: farm {Format.Ms(farmMs[^1])} ({phases[^1]}), xargs -P {Agents * Slots} {Format.Ms(baselineMs[^1])}, ratio {Format.Ratio(farmMs[^1] / baselineMs[^1])}");
        }
        // Each run is paired with the xargs run right after it, under the same load of the moment: the median of the
        // pairs' ratios, where the ratio of the two medians could pair a quiet moment's farm with a loaded one's xargs.
        var ratio = Stats.Median(farmMs.Zip(baselineMs, (farm, xargs) => farm / xargs).ToList());
        var perAction = cpu.PerAction(Actions * context.Runs);
        context.Say(Name, $"farm CPU per action: {CpuMeter.Describe(perAction)}; medians: {FanoutPhases.Median(phases)}");
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Actions} no-op actions, {Agents} agents x {Slots} slots: start to Succeeded (ratio: median of the runs' own)",
                Format.Ms(Stats.Median(farmMs)), $"xargs -P {Agents * Slots}: {Format.Ms(Stats.Median(baselineMs))}", Format.Ratio(ratio), "ratio < 2", ratio < 2),
            new ResultRow(Name, context.Profile.Name, "the farm's CPU per action (server / agent processes, commands excluded)",
                $"{Format.Ms(perAction.ServerMs)} / {Format.Ms(perAction.AgentsMs)}", "", "", "", null),
        ];
    }
}
