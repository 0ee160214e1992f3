using BuildFarm.Api.V1;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// Where a one-stage execution's time goes, from the farm's own timestamps: admission (created to the first process
/// start an agent reports), body (first start to the last result the server accepted), and close (that result to the
/// execution's end).
/// </summary>
public sealed record FanoutPhases(double AdmissionMs, double BodyMs, double CloseMs)
{
    public static FanoutPhases Of(Execution execution)
    {
        var attempts = execution.Stages.SelectMany(s => s.Actions).Select(a => a.Attempts.Last()).ToList();
        var firstStart = attempts.Min(a => a.StartedAt.ToDateTimeOffset());
        var lastFinish = attempts.Max(a => a.FinishedAt.ToDateTimeOffset());
        var created = execution.CreatedAt.ToDateTimeOffset();
        var finished = execution.FinishedAt.ToDateTimeOffset();
        return new FanoutPhases((firstStart - created).TotalMilliseconds, (lastFinish - firstStart).TotalMilliseconds,
            (finished - lastFinish).TotalMilliseconds);
    }

    public static FanoutPhases Median(IReadOnlyList<FanoutPhases> runs) => new(
        Stats.Median(runs.Select(r => r.AdmissionMs).ToList()),
        Stats.Median(runs.Select(r => r.BodyMs).ToList()),
        Stats.Median(runs.Select(r => r.CloseMs).ToList()));

    public override string ToString() =>
        $"admission {Format.Ms(AdmissionMs)}, body {Format.Ms(BodyMs)}, close {Format.Ms(CloseMs)}";
}
