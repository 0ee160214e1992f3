namespace BuildFarm.Agent.Tests.Support;

internal static class ProcessProbe
{
    /// <summary>
    /// Waits (hang guard only) until a pid no longer runs: gone, or a zombie (dead, waiting for a parent that may
    /// never reap it when PID 1 does not). False if it still runs after the guard.
    /// </summary>
    public static async Task<bool> WaitGoneAsync(int pid)
    {
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < guard)
        {
            if (!IsRunning(pid)) return true;
            await Task.Delay(50);
        }
        return false;
    }

    public static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        // The state follows the parenthesised command name.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state != 'Z' && state != 'X';
    }
}
