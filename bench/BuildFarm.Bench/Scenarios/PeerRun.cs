using System.Globalization;

namespace BuildFarm.Bench.Scenarios;

/// <summary>One run of bench/peer/buildbot.sh, from its line `seconds=S cpu_per_build=C`.</summary>
public sealed record PeerRun(double Ms, double CpuMsPerBuild)
{
    public static PeerRun? Parse(string line)
    {
        var fields = line.Trim().Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        return fields.TryGetValue("seconds", out var seconds) && fields.TryGetValue("cpu_per_build", out var cpu)
            ? new PeerRun(double.Parse(seconds, CultureInfo.InvariantCulture) * 1000, double.Parse(cpu, CultureInfo.InvariantCulture) * 1000)
            : null;
    }
}
