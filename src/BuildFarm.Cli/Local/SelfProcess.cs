using System.Diagnostics;

namespace BuildFarm.Cli.Local;

/// <summary>How to start another process of this program (`farm agent ...` for `farm up` and `farm run`).</summary>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var executable = Environment.ProcessPath ?? throw new CliException("cannot tell which program is running: Environment.ProcessPath is empty");
        var start = new ProcessStartInfo { FileName = executable, UseShellExecute = false };
        // Under `dotnet farm.dll` the process is the dotnet host: it needs the dll again.
        if (IsDotnetHost(executable)) start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    public static bool IsDotnetHost(string executable) =>
        Path.GetFileNameWithoutExtension(executable).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
