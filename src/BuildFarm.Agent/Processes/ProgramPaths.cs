using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Where a program named without a slash is, on the agent's PATH: looked up once and remembered, as a shell's hash
/// table does. posix_spawnp tried every PATH entry before the program's with a failed exec in the child, for every job
/// (eight of them for <c>sh</c> on a PATH that starts with tool folders). A remembered path that is gone is looked up
/// again.
/// </summary>
internal static class ProgramPaths
{
    private static readonly ConcurrentDictionary<string, string> remembered = new(StringComparer.Ordinal);

    /// <summary>The agent's PATH as it started (the agent never changes it); an empty entry is the current folder, as for execvp.</summary>
    private static readonly string[] searchPath =
        (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':').Select(d => d.Length == 0 ? "." : d).ToArray();

    /// <summary>
    /// The path to exec for <paramref name="program"/>: itself when it holds a slash, else the first executable file of
    /// that name on PATH. Throws <see cref="Win32Exception"/> as exec would: ENOENT for none, EACCES when the only ones
    /// found may not be executed.
    /// </summary>
    public static string Resolve(string program)
    {
        if (program.Contains('/')) return program;
        if (remembered.TryGetValue(program, out var path)) return path;
        var denied = false;
        foreach (var directory in searchPath)
        {
            var candidate = Path.Combine(directory, program);
            if (!File.Exists(candidate)) continue;
            if (access(candidate, X_OK) != 0)
            {
                denied = true;
                continue;
            }
            // A path relative to the agent's folder is not remembered: only absolute ones stay true.
            if (Path.IsPathRooted(candidate)) remembered[program] = candidate;
            return candidate;
        }
        throw new Win32Exception(denied ? EACCES : ENOENT);
    }

    /// <summary>Drops what was remembered for <paramref name="program"/> (its file was gone when exec'd).</summary>
    public static void Forget(string program) => remembered.TryRemove(program, out _);

    private const int X_OK = 1;
    private const int ENOENT = 2;
    private const int EACCES = 13;

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
