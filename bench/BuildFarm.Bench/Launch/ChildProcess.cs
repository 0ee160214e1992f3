using System.Diagnostics;

namespace BuildFarm.Bench.Launch;

/// <summary>
/// A process the benchmark started, its output going straight into a log file (through `sh -c exec`, so the
/// driver spends nothing on it while it measures); disposing kills its whole tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, string logFile)
    {
        this.process = process;
        LogFile = logFile;
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public string LogFile { get; }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string logFile, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$BENCH_CHILD_LOG\" 2>&1");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["BENCH_CHILD_LOG"] = logFile;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        return new ChildProcess(process, logFile);
    }

    /// <summary>The most memory the process has held resident so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"/proc/{process.Id}/status has no VmHWM line");
    }

    /// <summary>CPU time the process itself has used so far (user + system, without its children's), from /proc.</summary>
    public TimeSpan CpuTime() => CpuTimeOf($"/proc/{process.Id}/stat");

    /// <summary>CPU time used so far by the process's live threads of this name (a thread that ended no longer counts).</summary>
    public TimeSpan ThreadCpuTime(string threadName)
    {
        var total = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName) total += CpuTimeOf(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }
        return total;
    }

    private static TimeSpan CpuTimeOf(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    public string Tail(int lines = 30) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no output)";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
