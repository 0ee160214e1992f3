using System.Globalization;
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
        await using (var farm = await BenchFarm.StartAsync(context.Profile, Workers, slots: 1, cancellationToken))
        {
            var runner = new ExecutionRunner(farm.Api);
            await runner.ApplyAsync(BenchPipelines.NoOps(Name, 1, Builds), cancellationToken);
            await runner.WarmUpAsync(Name, cancellationToken);
            for (var run = 1; run <= context.Runs; run++)
            {
                var execution = await runner.RunAsync(Name, ScenarioContext.ExecutionLimit, cancellationToken);
                farmMs.Add(Stats.Milliseconds(execution.CreatedAt, execution.FinishedAt));
                context.Say(Name, $"farm run {run}: {Format.Ms(farmMs[^1])}");
            }
        }

        context.Say(Name, $"Buildbot 3.7: {Builds} builds over {Workers} workers, {context.Runs} run(s) (bench/peer/buildbot.sh)");
        var script = Path.Combine(FarmBinary.RepositoryRoot, "bench", "peer", "buildbot.sh");
        var outcome = await Command.RunAsync("bash", [script, Builds.ToString(), Workers.ToString(), context.Runs.ToString()], cancellationToken);
        var buildbotMs = outcome.Output.Split('\n').Where(l => l.StartsWith("seconds=", StringComparison.Ordinal))
            .Select(l => double.Parse(l["seconds=".Length..], CultureInfo.InvariantCulture) * 1000).ToList();
        if (outcome.ExitCode != 0 || buildbotMs.Count == 0)
            throw new BenchException($"bench/peer/buildbot.sh failed (exit {outcome.ExitCode}):\n{outcome.Output}");
        foreach (var ms in buildbotMs) context.Say(Name, $"Buildbot run: {Format.Ms(ms)}");

        var ratio = Stats.Median(farmMs) / Stats.Median(buildbotMs);
        return
        [
            new ResultRow(Name, context.Profile.Name, $"{Builds} one-step no-op builds over {Workers} workers (1 slot each)",
                Format.Ms(Stats.Median(farmMs)), $"Buildbot 3.7: {Format.Ms(Stats.Median(buildbotMs))}", Format.Ratio(ratio), "", null),
        ];
    }
}
