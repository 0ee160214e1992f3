using System.Runtime.InteropServices;

namespace BuildFarm.Agent.Processes;

/// <summary>The few libc calls .NET does not expose: signals to a process group, realpath, and hard links.</summary>
internal static class LibC
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    private const int ESRCH = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPath(byte[] path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    /// <summary>Makes <paramref name="created"/> another name of the file <paramref name="existing"/>; false when it cannot (another file system, ...).</summary>
    public static bool HardLink(string existing, string created) => Link(existing, created) == 0;

    /// <summary>Sends a signal to every process of a group; false when the group has no process left.</summary>
    public static bool SignalGroup(int processGroupId, int signal) =>
        Kill(-processGroupId, signal) == 0 || Marshal.GetLastPInvokeError() != ESRCH;

    /// <summary>The canonical absolute path with every symbolic link resolved; null when it does not resolve.</summary>
    public static string? ResolveRealPath(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var resolved = RealPath(bytes, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }
}
