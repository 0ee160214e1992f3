using System.Collections;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// A job's process started as the leader of a new session, so that its process group can be signalled as a whole:
/// posix_spawn with POSIX_SPAWN_SETSID (of the program's path on PATH, looked up once: <see cref="ProgramPaths"/>), one exec where running setsid(1) first took two (about 1 ms of CPU per job).
/// Every signal goes back to its default and none is blocked (the .NET runtime ignores SIGPIPE, which a command must not
/// inherit); standard input is /dev/null, standard output and error are one pipe (the log keeps the order in which the
/// process wrote, and a job costs one reader instead of two). The process is this one's child, which
/// .NET does not reap: <see cref="ChildWatchers"/> reads its output and reaps it.
/// </summary>
internal sealed class SessionProcess
{
    private SessionProcess(int id, ChildWatch watch)
    {
        Id = id;
        ExitCode = watch.Exit;
        Drained = watch.Drained;
    }

    /// <summary>The process id, which is also its session and process group id.</summary>
    public int Id { get; }

    /// <summary>The exit code once the process has ended (128 + the signal's number when a signal ended it).</summary>
    public Task<int> ExitCode { get; }

    /// <summary>Ends once the output was read to its end, or given up a while after the exit (an escaped process holds the pipe).</summary>
    public Task Drained { get; }

    /// <summary>
    /// Starts <paramref name="spec"/>, its standard output and error going to <paramref name="output"/> (on the
    /// watcher's thread; each chunk valid during the call only); throws <see cref="Win32Exception"/> when it cannot
    /// (no such program, not executable, no such working directory).
    /// </summary>
    public static SessionProcess Start(ProcessSpec spec, Action<ReadOnlyMemory<byte>> output)
    {
        int outputRead = -1, outputWrite = -1;
        var strings = new List<IntPtr>();
        var actions = Marshal.AllocHGlobal(OpaqueSize);
        var attributes = Marshal.AllocHGlobal(OpaqueSize);
        var signals = Marshal.AllocHGlobal(OpaqueSize);
        try
        {
            (outputRead, outputWrite) = Pipe();
            Check(posix_spawn_file_actions_init(actions));
            Check(posix_spawnattr_init(attributes));
            try
            {
                Check(posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0));
                Check(posix_spawn_file_actions_adddup2(actions, outputWrite, 1));
                Check(posix_spawn_file_actions_adddup2(actions, outputWrite, 2));
                Check(posix_spawn_file_actions_addchdir_np(actions, spec.WorkingDirectory));
                // Every bit set: sigfillset would leave out glibc's own signals (32, 33), which the child would then ignore.
                FillSignalSet(signals, 0xff);
                Check(posix_spawnattr_setsigdefault(attributes, signals));
                FillSignalSet(signals, 0);
                Check(posix_spawnattr_setsigmask(attributes, signals));
                Check(posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
                var argv = NullTerminated(strings, [spec.FileName, .. spec.Arguments]);
                var envp = NullTerminated(strings, EnvironmentOf(spec).Select(v => $"{v.Key}={v.Value}"));
                var pid = Spawn(spec, actions, attributes, argv, envp);
                return new SessionProcess(pid, ChildWatchers.Watch(pid, outputRead, output));
            }
            finally
            {
                posix_spawnattr_destroy(attributes);
                posix_spawn_file_actions_destroy(actions);
            }
        }
        catch
        {
            Close(outputRead);
            throw;
        }
        finally
        {
            // The child has its own copies of the write end; with the parent's closed, the pipe ends when it does.
            Close(outputWrite);
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(signals);
        }
    }

    /// <summary>Spawns the program from its remembered path (<see cref="ProgramPaths"/>), looking it up again once if that file is gone.</summary>
    private static int Spawn(ProcessSpec spec, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp)
    {
        for (var attempt = 1; ; attempt++)
        {
            int error;
            try
            {
                error = posix_spawn(out var pid, ProgramPaths.Resolve(spec.FileName), actions, attributes, argv, envp);
                if (error == 0) return pid;
            }
            catch (Win32Exception e)
            {
                error = e.NativeErrorCode;
            }
            if (error == ENOENT && attempt == 1 && !spec.FileName.Contains('/'))
            {
                ProgramPaths.Forget(spec.FileName);
                continue;
            }
            throw new Win32Exception(error, $"cannot start '{spec.FileName}' in {spec.WorkingDirectory}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>The agent's environment as it started (the agent never changes its own), read once: a copy per job was
    /// a fortieth of an agent's CPU.</summary>
    private static readonly Dictionary<string, string> agentEnvironment = System.Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    /// <summary>The agent's environment with the spec's variables added or replaced.</summary>
    private static Dictionary<string, string> EnvironmentOf(ProcessSpec spec)
    {
        var environment = new Dictionary<string, string>(agentEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in spec.Environment) environment[name] = value;
        return environment;
    }

    private static IntPtr[] NullTerminated(List<IntPtr> owned, IEnumerable<string> values)
    {
        var pointers = values.Select(Marshal.StringToCoTaskMemUTF8).ToList();
        owned.AddRange(pointers);
        return [.. pointers, IntPtr.Zero];
    }

    /// <summary>A pipe whose both ends close on exec: no other child started meanwhile can hold it open.</summary>
    private static (int Read, int Write) Pipe()
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) != 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot create a pipe for a job's output");
        return (fds[0], fds[1]);
    }

    private static void Close(int fd)
    {
        if (fd >= 0) close(fd);
    }

    private static void FillSignalSet(IntPtr set, byte value)
    {
        var bits = new byte[SignalSetSize];
        Array.Fill(bits, value);
        Marshal.Copy(bits, 0, set, bits.Length);
    }

    private static void Check(int error)
    {
        if (error != 0) throw new Win32Exception(error);
    }

    // glibc's posix_spawn_file_actions_t and posix_spawnattr_t take 80 and 336 bytes: opaque, and room to spare.
    private const int OpaqueSize = 1024;
    private const int SignalSetSize = 128; // glibc's sigset_t: 1024 bits
    private const int O_RDONLY = 0;
    private const int ENOENT = 2;
    private const int O_CLOEXEC = 0x80000;
    private const short POSIX_SPAWN_SETSIGDEF = 0x04;
    private const short POSIX_SPAWN_SETSIGMASK = 0x08;
    private const short POSIX_SPAWN_SETSID = 0x80;

    [DllImport("libc", SetLastError = true)]
    private static extern int pipe2(int[] fds, int flags);

    [DllImport("libc")]
    private static extern int close(int fd);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_addopen(IntPtr actions, int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_addchdir_np(IntPtr actions, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc")]
    private static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc")]
    private static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport("libc")]
    private static extern int posix_spawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);
}
