using BuildFarm.Bench.Launch;

namespace BuildFarm.Bench.Report;

/// <summary>Which machine and which commit a table was measured on.</summary>
public sealed record MachineDescription(string Description, string Commit)
{
    /// <summary>The 1-minute load average: other work on a shared machine moves every figure, so the table says how busy it was.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The checkout's commit; read when the suite starts, since the sources may move on while it runs.</summary>
    public static async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        var commit = await Command.RunAsync("git", ["-C", FarmBinary.RepositoryRoot, "describe", "--always", "--dirty"], cancellationToken);
        return commit.ExitCode == 0 ? commit.Output.Trim() : "unknown";
    }

    public static MachineDescription Read(string loadAtStart, string commit)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return new MachineDescription(
            $"{Environment.ProcessorCount} cores ({cpu}), {memory:0} GiB, load average {loadAtStart} at the start and {LoadAverage()} at the end",
            commit);
    }
}
