using BuildFarm.Bench.Launch;

namespace BuildFarm.Bench.Measure;

/// <summary>The same work without the farm, on the same machine, in the same run.</summary>
public static class Baselines
{
    /// <summary>COUNT no-op commands through <c>xargs -P PARALLEL</c>; milliseconds.</summary>
    public static async Task<double> XargsAsync(int count, int parallel, CancellationToken cancellationToken)
    {
        var outcome = await Command.RunCheckedAsync("sh", ["-c", $"seq {count} | xargs -P {parallel} -I{{}} sh -c true"], cancellationToken);
        return outcome.Elapsed.TotalMilliseconds;
    }

    /// <summary>COUNT sequential <c>sh -c true</c>; milliseconds in all.</summary>
    public static async Task<double> SequentialAsync(int count, CancellationToken cancellationToken)
    {
        var outcome = await Command.RunCheckedAsync("sh", ["-c", $"for i in $(seq {count}); do sh -c true; done"], cancellationToken);
        return outcome.Elapsed.TotalMilliseconds;
    }

    /// <summary><c>cp -r SOURCE TARGET</c>; milliseconds.</summary>
    public static async Task<double> CopyTreeAsync(string source, string target, CancellationToken cancellationToken)
    {
        var outcome = await Command.RunCheckedAsync("cp", ["-r", source, target], cancellationToken);
        return outcome.Elapsed.TotalMilliseconds;
    }
}
