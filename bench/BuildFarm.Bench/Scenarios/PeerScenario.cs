using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// The same shape on Buildbot 3.7 and on the farm: 50 one-step no-op builds over 2 workers (bench/peer/buildbot.sh,
/// trigger through the force scheduler to the last build complete) vs a stage of 50 no-op actions over 2 agents with
/// one slot each (start to Succeeded).
/// </summary>
public sealed class PeerScenario : IScenario
{
    private const int Builds = 50, Workers = 2;

    public string Name => "peer";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var farmMs = new List<double>();
        (double ServerMs, double AgentsMs) farmCpu;
        await using (var farm = await BenchFarm.StartAsync(context.Profile, Workers, slots: 1, cancellationToken))
        {
            var runner = new ExecutionRunner(farm.Api);
            await runner.ApplyAsync(BenchPipelines.NoOps(Name, 1, Builds), cancellationToken);
            await runner.WarmUpAsync(Name, cancellationToken, executions: 4); // 50 jobs warm each agent less than fanout's 200
            var cpu = new CpuMeter(farm);
            for (var run = 1; run <= context.Runs; run++)
            {
                var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
                farmMs.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt));
                context.Say(Name, $"farm run {run}: {Format.Ms(farmMs[^1])}");
            }
            farmCpu = cpu.PerAction(Builds * context.Runs);
        }

        context.Say(Name, $"Buildbot 3.7: {Builds} builds over {Workers} workers, {context.Runs} run(s) (bench/peer/buildbot.sh)");
        var script = Path.Combine(FarmBinary.RepositoryRoot, "bench", "peer", "buildbot.sh");
        var outcome = await Command.RunAsync("bash", [script, Builds.ToString(), Workers.ToString(), context.Runs.ToString()], cancellationToken);
        var buildbot = outcome.Output.Split('\n').Select(PeerRun.Parse).OfType<PeerRun>().ToList();
        if (outcome.ExitCode != 0 || buildbot.Count == 0)
            throw new BenchException($"bench/peer/buildbot.sh failed (exit {outcome.ExitCode}):\n{outcome.Output}");
        foreach (var run in buildbot) context.Say(Name, $"Buildbot run: {Format.Ms(run.Ms)}, {Format.Ms(run.CpuMsPerBuild)} CPU per build");

        var buildbotMs = Stats.Median(buildbot.Select(r => r.Ms).ToList());
        var buildbotCpu = Stats.Median(buildbot.Select(r => r.CpuMsPerBuild).ToList());
        var ourCpu = farmCpu.ServerMs + farmCpu.AgentsMs;
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Builds} one-step no-op builds over {Workers} workers (1 slot each)",
                Format.Ms(Stats.Median(farmMs)), $"Buildbot 3.7: {Format.Ms(buildbotMs)}", Format.Ratio(Stats.Median(farmMs) / buildbotMs), "", null),
            new ResultRow(Name, context.Profile.Name, "CPU per build: farm server + agents, Buildbot master + workers (commands excluded)",
                $"{Format.Ms(ourCpu)} ({Format.Ms(farmCpu.ServerMs)} + {Format.Ms(farmCpu.AgentsMs)})", $"Buildbot 3.7: {Format.Ms(buildbotCpu)}",
                Format.Ratio(ourCpu / buildbotCpu), "", null),
        ];
    }
}
