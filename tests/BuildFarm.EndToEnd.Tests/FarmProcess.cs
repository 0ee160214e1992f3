using System.Diagnostics;
using System.Text;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>A `farm` process of the built CLI, its output captured (and kept in a file for post-mortems).</summary>
public sealed class FarmProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StreamWriter log;

    private FarmProcess(Process process, string logFile)
    {
        this.process = process;
        log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static FarmProcess Start(string logFile, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = FarmBinary.StartInfo(arguments);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return Start(logFile, start);
    }

    /// <summary>A process prepared by the caller (for example `farm` run inside a network namespace).</summary>
    public static FarmProcess Start(string logFile, ProcessStartInfo start) => new(Process.Start(start)!, logFile);

    /// <summary>kill -9: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(cancel.Token);
        process.WaitForExit(); // drains the output readers
        return process.ExitCode;
    }

    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"'{text}' never appeared in the output of farm {process.StartInfo.ArgumentList.Skip(1).FirstOrDefault()}:\n{Output}");
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        lock (log) log.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        await log.DisposeAsync();
    }
}
