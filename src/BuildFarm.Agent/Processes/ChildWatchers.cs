using System.Buffers;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Threads that watch the agent's own children: each reads a child's output pipe and waits for its exit with one
/// blocking poll (the pipe and a pidfd), so a short job's end is one wake-up. Reading the pipe through the runtime's
/// socket engine and waiting in waitpid apart cost three wake-ups and an epoll registration per job. A thread is kept
/// for the next child instead of made and ended for every job; there is always a thread for a new child (a watching
/// one can watch nothing else), and idle threads block on a monitor.
/// </summary>
internal static class ChildWatchers
{
    /// <summary>How long to keep reading output after the exit: a process that escaped the group may hold the pipe.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    /// <summary>Where the kernel has no pidfd (before Linux 5.3), how often a silent child is checked for its exit.</summary>
    private const int ExitCheckWithoutPidFdMs = 100;

    private static readonly Queue<Child> queue = new();
    /// <summary>Threads idle and not yet promised to a child.</summary>
    private static int idle;
    private static bool noPidFd;

    /// <summary>
    /// Watches child <paramref name="pid"/>, taking over <paramref name="outputFd"/> (closed once read to its end, or
    /// when the drain limit passes after the exit). <paramref name="output"/> gets the output as it comes, on the
    /// watcher's thread, valid during the call only. What follows the exit and the drain runs on the watcher itself,
    /// up to its next await: a hand-over to the thread pool per job cost a wake-up.
    /// </summary>
    public static ChildWatch Watch(int pid, int outputFd, Action<ReadOnlyMemory<byte>> output)
    {
        var child = new Child(pid, outputFd, output, new TaskCompletionSource<int>(), new TaskCompletionSource());
        if (TryPromiseIdle())
        {
            lock (queue)
            {
                queue.Enqueue(child);
                Monitor.Pulse(queue);
            }
        }
        else new Thread(() => Serve(child)) { IsBackground = true, Name = "farm child watcher" }.Start();
        return new ChildWatch(child.Exit.Task, child.Drained.Task);
    }

    private static bool TryPromiseIdle()
    {
        while (true)
        {
            var now = Volatile.Read(ref idle);
            if (now == 0) return false;
            if (Interlocked.CompareExchange(ref idle, now - 1, now) == now) return true;
        }
    }

    private static void Serve(Child child)
    {
        while (true)
        {
            Run(child);
            // Counted idle only once back: a child that needs a watcher meanwhile gets a new one.
            Interlocked.Increment(ref idle);
            child = Take();
        }
    }

    private static Child Take()
    {
        lock (queue)
        {
            while (queue.Count == 0) Monitor.Wait(queue);
            return queue.Dequeue();
        }
    }

    /// <summary>
    /// Reads the output to its end and reaps the child. The exit is announced as soon as it is known unless the pipe
    /// ended in the same wake-up (the usual end: the drain is then announced first, and the job goes on in one run).
    /// </summary>
    private static void Run(Child child)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var pidFd = OpenPidFd(child.Pid);
        var exitAnnounced = false;
        int? exitCode = null;
        Exception? failure = null;
        try
        {
            exitCode = ReadToEnd(child, pidFd, buffer, code =>
            {
                exitAnnounced = true;
                child.Exit.SetResult(code);
            });
            // The pipe ended before the exit (the child closed its output and runs on): wait for it here.
            exitCode ??= TryReap(child.Pid, block: true);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            close(child.OutputFd);
            if (pidFd >= 0) close(pidFd);
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // Output the caller could not take fails the drain (after the whole output was read and the child reaped).
        if (child.OutputFailure is { } refused) child.Drained.SetException(refused);
        else child.Drained.SetResult();
        if (exitAnnounced) return;
        if (failure is null) child.Exit.SetResult(exitCode!.Value);
        else child.Exit.SetException(failure);
    }

    /// <summary>
    /// Polls the pipe and the pidfd until the pipe ends, or until the drain limit passes after the exit (a process
    /// that escaped the group holds the pipe). Answers the exit code when the child was reaped meanwhile.
    /// </summary>
    private static int? ReadToEnd(Child child, int pidFd, byte[] buffer, Action<int> announceExit)
    {
        var fds = new PollFd[2];
        int? exitCode = null;
        var drainUntil = 0L;
        while (true)
        {
            var timeout = -1;
            if (exitCode is not null)
            {
                timeout = (int)(drainUntil - Environment.TickCount64);
                if (timeout <= 0) return exitCode;
            }
            else if (pidFd < 0) timeout = ExitCheckWithoutPidFdMs;
            fds[0] = new PollFd { Fd = child.OutputFd, Events = POLLIN };
            fds[1] = new PollFd { Fd = exitCode is null ? pidFd : -1, Events = POLLIN };
            if (poll(fds, 2, timeout) < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EINTR) continue;
                throw new Win32Exception(error, $"cannot watch process {child.Pid}");
            }
            var ended = fds[0].Revents != 0 && !ReadSome(child, buffer);
            if (exitCode is null && (pidFd < 0 || fds[1].Revents != 0) && TryReap(child.Pid, block: pidFd >= 0) is { } code)
            {
                exitCode = code;
                drainUntil = Environment.TickCount64 + (long)DrainLimit.TotalMilliseconds;
                if (!ended) announceExit(code);
            }
            if (ended) return exitCode;
        }
    }

    /// <summary>One read; false at the pipe's end.</summary>
    private static bool ReadSome(Child child, byte[] buffer)
    {
        while (true)
        {
            var read = ReadFd(child.OutputFd, buffer, buffer.Length);
            if (read > 0)
            {
                // A callback that throws must not stop the reading: the child would block on a full pipe, unreaped.
                if (child.OutputFailure is null)
                {
                    try
                    {
                        child.Output(buffer.AsMemory(0, (int)read));
                    }
                    catch (Exception e)
                    {
                        child.OutputFailure = e;
                    }
                }
                return true;
            }
            if (read == 0) return false;
            var error = Marshal.GetLastPInvokeError();
            if (error == EINTR) continue;
            return error == EAGAIN;
        }
    }

    /// <summary>The exit code once the child ended (128 + the signal's number when a signal ended it); null while it runs.</summary>
    private static int? TryReap(int pid, bool block)
    {
        while (true)
        {
            var reaped = waitpid(pid, out var status, block ? 0 : WNOHANG);
            if (reaped == pid) return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            if (reaped == 0) return null;
            var error = Marshal.GetLastPInvokeError();
            if (error != EINTR) throw new Win32Exception(error, $"cannot wait for process {pid}");
        }
    }

    /// <summary>A descriptor that polls readable once the child exits; -1 where the kernel has none.</summary>
    private static int OpenPidFd(int pid)
    {
        if (Volatile.Read(ref noPidFd)) return -1;
        try
        {
            var fd = pidfd_open(pid, 0);
            if (fd >= 0) return fd;
            if (Marshal.GetLastPInvokeError() == ENOSYS) Volatile.Write(ref noPidFd, true);
            return -1;
        }
        catch (EntryPointNotFoundException)
        {
            Volatile.Write(ref noPidFd, true);
            return -1;
        }
    }

    private sealed record Child(int Pid, int OutputFd, Action<ReadOnlyMemory<byte>> Output, TaskCompletionSource<int> Exit, TaskCompletionSource Drained)
    {
        /// <summary>What the output callback threw first; the rest of the output is read and dropped.</summary>
        public Exception? OutputFailure { get; set; }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private const short POLLIN = 0x1;
    private const int WNOHANG = 1;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int ENOSYS = 38;

    [DllImport("libc", SetLastError = true)]
    private static extern int waitpid(int pid, out int status, int options);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll([In, Out] PollFd[] fds, nuint count, int timeout);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadFd(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int pidfd_open(int pid, uint flags);

    [DllImport("libc")]
    private static extern int close(int fd);
}

/// <summary>
/// A watched child: its exit code, and the end of its output (read to its end, or given up after the drain limit;
/// faulted with what the output callback threw, if it did).
/// </summary>
internal sealed record ChildWatch(Task<int> Exit, Task Drained);
