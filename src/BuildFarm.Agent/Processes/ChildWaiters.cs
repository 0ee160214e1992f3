using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BuildFarm.Agent.Processes;

/// <summary>
/// Threads that wait (waitpid) for the agent's own children, each kept for the next child instead of made and ended for
/// every job: a thread per job cost a tenth of an agent's CPU for a short job. There is always a thread for a new child
/// (a waiting one can wait for nothing else), so no exit is noticed late. Idle threads block on a monitor at once (a
/// BlockingCollection spun first: 10% of an agent's samples).
/// </summary>
internal static class ChildWaiters
{
    private static readonly Queue<(int Pid, TaskCompletionSource<int> Exit)> queue = new();
    /// <summary>Threads idle and not yet promised to a child.</summary>
    private static int idle;

    /// <summary>The child's exit code once it ended (128 + the signal's number when a signal ended it).</summary>
    public static Task<int> WaitForExitAsync(int pid)
    {
        // What follows the exit runs on the waiter itself, up to its next await: a hand-over to the thread pool per job
        // cost a wake-up. The waiter counts as idle only once back, so a child that needs one meanwhile gets a new one.
        var exit = new TaskCompletionSource<int>();
        if (TryPromiseIdle())
        {
            lock (queue)
            {
                queue.Enqueue((pid, exit));
                Monitor.Pulse(queue);
            }
        }
        else new Thread(() => Serve(pid, exit)) { IsBackground = true, Name = "farm child waiter" }.Start();
        return exit.Task;
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

    private static void Serve(int pid, TaskCompletionSource<int> exit)
    {
        while (true)
        {
            var code = 0;
            Exception? failure = null;
            try
            {
                code = WaitForExit(pid);
            }
            catch (Exception e)
            {
                failure = e;
            }
            if (failure is null) exit.SetResult(code);
            else exit.SetException(failure);
            Interlocked.Increment(ref idle);
            (pid, exit) = Take();
        }
    }

    private static (int Pid, TaskCompletionSource<int> Exit) Take()
    {
        lock (queue)
        {
            while (queue.Count == 0) Monitor.Wait(queue);
            return queue.Dequeue();
        }
    }

    private static int WaitForExit(int pid)
    {
        while (true)
        {
            if (waitpid(pid, out var status, 0) == pid)
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            var error = Marshal.GetLastPInvokeError();
            if (error != EINTR) throw new Win32Exception(error, $"cannot wait for process {pid}");
        }
    }

    private const int EINTR = 4;

    [DllImport("libc", SetLastError = true)]
    private static extern int waitpid(int pid, out int status, int options);
}
