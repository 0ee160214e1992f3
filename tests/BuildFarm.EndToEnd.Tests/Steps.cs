using System.Globalization;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>The steps the semantics tests repeat: apply, start, read a file an action wrote, watch a process.</summary>
internal static class Steps
{
    public static async Task ApplyAsync(LocalFarm farm, string fileName, string yaml)
    {
        var apply = await farm.CliAsync("pipeline", "apply", "-f", farm.WritePipeline(fileName, yaml));
        Assert.True(apply.ExitCode == 0, apply.Output);
    }

    /// <summary>`farm start` without waiting; answers the execution id (its last line).</summary>
    public static async Task<string> StartAsync(LocalFarm farm, string pipeline, params string[] variables)
    {
        var start = await farm.CliAsync(["start", pipeline, .. variables.SelectMany(v => new[] { "--var", v })]);
        Assert.True(start.ExitCode == 0, start.Output);
        return start.Output.Trim().Split('\n')[^1].Trim();
    }

    public static async Task<string> WaitForFileAsync(string path, int limitSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} never appeared");
            await Task.Delay(50);
        }
        return (await File.ReadAllTextAsync(path)).Trim();
    }

    public static int Pid(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Whether a process runs (a zombie waiting for its parent does not count).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Polls until the process is gone; answers how long that took (the limit guards against a hang only).</summary>
    public static async Task<TimeSpan> UntilGoneAsync(int pid, int limitSeconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(limitSeconds)) throw new TimeoutException($"process {pid} still runs");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }
}
