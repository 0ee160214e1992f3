namespace BuildFarm.Core.Executions;

/// <summary>
/// Everything that ends by the clock: leases (an agent that stopped renewing), approvals (no decision in time), and
/// jobs whose agent did not end them at their timeout.
/// </summary>
public sealed partial class ExecutionRun
{
    public ExecutionEffects CheckDeadlines(DateTimeOffset now)
    {
        var effects = ExpireLeases(now);
        if (Status.IsTerminal()) return effects;
        var changed = ExpireApprovals(now) | EndOverdueJobs(now, effects);
        if (!changed) return effects;
        Advance(now, effects);
        return Changed(effects);
    }

    /// <summary>The earliest moment something of the current stage ends by the clock; null when nothing waits on it.</summary>
    public DateTimeOffset? NextDeadline()
    {
        if (Status.IsTerminal()) return null;
        // Asked after every transition: a plain loop, no collections.
        DateTimeOffset? next = null;
        foreach (var job in CurrentJobs())
        {
            if (job.Attempt is not { Status: AttemptStatus.InProgress } attempt) continue;
            next = Earliest(next, attempt.LeaseDeadline);
            next = Earliest(next, attempt.TimeoutAt);
            if (attempt.Approval is { Decision: null } approval) next = Earliest(next, approval.Deadline);
        }
        return next;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a <= b ? a : b;

    private bool EndOverdueJobs(DateTimeOffset now, ExecutionEffects effects)
    {
        var ended = false;
        foreach (var slot in CurrentJobs().ToList())
        {
            if (slot.Attempt is not { Status: AttemptStatus.InProgress, TimeoutAt: { } due } attempt || due > now) continue;
            attempt.FinishedAt = now;
            FailJob(slot, ErrorKind.Timeout,
                $"the job exceeded its timeout of {Units(TimeoutOf(slot))} and agent '{attempt.AgentName}' did not end it; the server ended it at {now:O}",
                now, effects);
            ended = true;
        }
        return ended;
    }
}
