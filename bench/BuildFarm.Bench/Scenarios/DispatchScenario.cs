using BuildFarm.Api.V1;
using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// Latency from a job becoming ready to its process starting on an agent, from the farm's own timestamps (queued_at;
/// started_at as the agent reports it). Idle: a chain of one-action stages, every agent waiting. Under the fanout load:
/// a job that had to wait for a slot became ready when the job before it on that slot was finished (the server's
/// finished_at of the earlier job that freed the slot).
/// </summary>
public sealed class DispatchScenario : IScenario
{
    private const int IdleStages = 30;

    public string Name => "dispatch";

    public async Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(context.Profile, FanoutScenario.Agents, FanoutScenario.Slots, cancellationToken);
        var runner = new ExecutionRunner(farm.Api);
        await runner.ApplyAsync(BenchPipelines.NoOps("idle", IdleStages, 1), cancellationToken);
        await runner.ApplyAsync(BenchPipelines.NoOps("loaded", 1, FanoutScenario.Actions), cancellationToken);
        await runner.WarmUpAsync("idle", cancellationToken);
        await runner.WarmUpAsync("loaded", cancellationToken);

        var idle = new List<double>();
        var loaded = new List<double>();
        for (var run = 1; run <= context.Runs; run++)
        {
            idle.AddRange(Attempts(await runner.RunAsync("idle", ScenarioContext.ExecutionLimit, cancellationToken))
                .Select(a => Stats.Milliseconds(a.QueuedAt, a.StartedAt)));
            loaded.AddRange(UnderLoad(Attempts(await runner.RunAsync("loaded", ScenarioContext.ExecutionLimit, cancellationToken)), FanoutScenario.Slots));
            context.Say(Name, $"run {run}: idle p50 {Format.Ms(Stats.Median(idle))}, under load p50 {Format.Ms(Stats.Median(loaded))}");
        }
        return
        [
            Row(context, $"idle ({idle.Count} jobs): p50 / p99", idle),
            Row(context, $"under the fanout load ({loaded.Count} jobs): p50 / p99", loaded),
        ];
    }

    private ResultRow Row(ScenarioContext context, string measure, List<double> samples) =>
        new(Name, context.Profile.Name, "ready to process start, " + measure,
            $"{Format.Ms(Stats.Percentile(samples, 50))} / {Format.Ms(Stats.Percentile(samples, 99))}", "", "", "", null);

    private static List<ActionAttempt> Attempts(Execution execution) =>
        execution.Stages.SelectMany(s => s.Actions).Select(a => a.Attempts.Last()).ToList();

    /// <summary>Per agent, the k-th job to start (k past its slot count) took the slot freed by the k-th earliest finish.</summary>
    private static IEnumerable<double> UnderLoad(List<ActionAttempt> attempts, int slots)
    {
        foreach (var agent in attempts.GroupBy(a => a.AgentId))
        {
            var started = agent.OrderBy(a => a.StartedAt.ToDateTimeOffset()).ToList();
            var freed = agent.Select(a => a.FinishedAt.ToDateTimeOffset()).Order().ToList();
            for (var k = 0; k < started.Count; k++)
            {
                var ready = started[k].QueuedAt.ToDateTimeOffset();
                if (k >= slots && freed[k - slots] > ready) ready = freed[k - slots];
                yield return (started[k].StartedAt.ToDateTimeOffset() - ready).TotalMilliseconds;
            }
        }
    }
}
