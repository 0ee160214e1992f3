using BuildFarm.Bench.Launch;
using BuildFarm.Bench.Report;

namespace BuildFarm.Bench.Measure;

/// <summary>The farm's own CPU over a stretch of work: the server process and the agent processes (without the commands they run).</summary>
public sealed class CpuMeter(BenchFarm farm)
{
    private readonly (TimeSpan Server, TimeSpan Agents) start = farm.CpuTime();

    /// <summary>Milliseconds of CPU per action since the meter was made.</summary>
    public (double ServerMs, double AgentsMs) PerAction(int actions)
    {
        var now = farm.CpuTime();
        return ((now.Server - start.Server).TotalMilliseconds / actions, (now.Agents - start.Agents).TotalMilliseconds / actions);
    }

    public static string Describe((double ServerMs, double AgentsMs) perAction) =>
        $"server {Format.Ms(perAction.ServerMs)}, agents {Format.Ms(perAction.AgentsMs)}";
}
