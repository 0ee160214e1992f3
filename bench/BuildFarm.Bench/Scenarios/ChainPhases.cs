using BuildFarm.Api.V1;
using BuildFarm.Bench.Measure;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Scenarios;

/// <summary>
/// Where a chain's time per stage goes, from the farm's own timestamps (medians over the stages): dispatch (queued to
/// the process start the agent reports), run (process start to the server accepting the result: the command, the
/// agent's wrap-up, the Complete call), and transition (result accepted to the next stage's job queued).
/// </summary>
public sealed record ChainPhases(double DispatchMs, double RunMs, double TransitionMs)
{
    public static ChainPhases Of(Execution execution)
    {
        var attempts = execution.Stages.Select(s => s.Actions.Single().Attempts.Last()).ToList();
        var transitions = attempts.Zip(attempts.Skip(1), (a, b) => Stats.Milliseconds(a.FinishedAt, b.QueuedAt)).ToList();
        return new ChainPhases(
            Stats.Median(attempts.Select(a => Stats.Milliseconds(a.QueuedAt, a.StartedAt)).ToList()),
            Stats.Median(attempts.Select(a => Stats.Milliseconds(a.StartedAt, a.FinishedAt)).ToList()),
            transitions.Count > 0 ? Stats.Median(transitions) : 0);
    }

    public static ChainPhases Median(IReadOnlyList<ChainPhases> runs) => new(
        Stats.Median(runs.Select(r => r.DispatchMs).ToList()),
        Stats.Median(runs.Select(r => r.RunMs).ToList()),
        Stats.Median(runs.Select(r => r.TransitionMs).ToList()));

    public override string ToString() =>
        $"dispatch {Format.Ms(DispatchMs)}, run {Format.Ms(RunMs)}, transition {Format.Ms(TransitionMs)}";
}
