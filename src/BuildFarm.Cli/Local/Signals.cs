using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BuildFarm.Cli.Local;

/// <summary>Asks a child process to stop gracefully (SIGTERM); .NET only offers SIGKILL.</summary>
public static class Signals
{
    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public static void Terminate(Process process)
    {
        if (process.HasExited) return;
        if (OperatingSystem.IsWindows())
            process.Kill(entireProcessTree: true);
        else
            SendSignal(process.Id, SigTerm);
    }
}
