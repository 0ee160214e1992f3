using System.Globalization;

namespace BuildFarm.Agent.Processes;

/// <summary>The process group a job's shell leads (it leads its own session, so its pgid is its pid).</summary>
internal sealed class ProcessGroup(int processGroupId)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Whether a member still runs. Zombies do not count: orphans that died wait for PID 1 to reap them, and some
    /// init processes never do, which would otherwise hold every stop for the whole grace period.
    /// </summary>
    public bool IsAlive => LibC.SignalGroup(processGroupId, 0) && HasLiveMember();

    /// <summary>SIGTERM to the whole group, then SIGKILL to whatever is left once the grace period ends.</summary>
    public async Task TerminateAsync(TimeSpan gracePeriod)
    {
        if (!LibC.SignalGroup(processGroupId, LibC.SIGTERM)) return;
        var deadline = DateTime.UtcNow + gracePeriod;
        while (IsAlive && DateTime.UtcNow < deadline) await Task.Delay(PollInterval);
        LibC.SignalGroup(processGroupId, LibC.SIGKILL);
    }

    private bool HasLiveMember()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }
            // After the parenthesised command name: state, ppid, pgrp.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 4);
            if (fields.Length >= 3 && fields[2] == processGroupId.ToString(CultureInfo.InvariantCulture) && fields[0] is not ("Z" or "X"))
                return true;
        }
        return false;
    }
}
