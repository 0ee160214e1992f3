using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>The outcome of asking a stage's gate to let an execution in.</summary>
public enum GateDecision { Admitted, Waiting }

/// <summary>
/// The gate in front of one stage: who is inside, who waits, and whether the inbound transition is open.
/// SUPERSEDED: one execution inside; at most one waits, and a newer one replaces it (the older ends Superseded).
/// QUEUED: one inside; the rest wait in arrival order. PARALLEL: no gate.
/// It also remembers the last executions that succeeded through the stage (the targets of a rollback) and the last
/// one it let in (only that one may retry the stage).
/// </summary>
public sealed class StageGate
{
    /// <summary>How many successes are remembered for rollbacks without a named target.</summary>
    public const int SuccessesKept = 20;

    public List<string> Occupants { get; set; } = [];
    public List<string> Waiting { get; set; } = [];
    public bool InboundEnabled { get; set; } = true;
    public string? DisabledReason { get; set; }
    public string? DisabledBy { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>The execution the gate let in last.</summary>
    public string? LastAdmitted { get; set; }
    /// <summary>Standard executions that succeeded through the stage, oldest first.</summary>
    public List<StageSuccess> Successes { get; set; } = [];

    /// <summary>Result of a gate transition: who was let in and who was pushed out, for the caller to notify.</summary>
    public sealed record Changes(IReadOnlyList<string> Admitted, IReadOnlyList<string> Superseded)
    {
        public static readonly Changes None = new([], []);
    }

    public (GateDecision Decision, Changes Changes) Enter(string executionId, ExecutionMode mode)
    {
        if (Occupants.Contains(executionId)) return (GateDecision.Admitted, Changes.None);
        if (Waiting.Contains(executionId)) return (GateDecision.Waiting, Changes.None);
        if (InboundEnabled && (mode == ExecutionMode.Parallel || Occupants.Count == 0))
        {
            Occupants.Add(executionId);
            LastAdmitted = executionId;
            return (GateDecision.Admitted, Changes.None);
        }
        var superseded = new List<string>();
        if (mode == ExecutionMode.Superseded)
        {
            superseded.AddRange(Waiting);
            Waiting.Clear();
        }
        Waiting.Add(executionId);
        return (GateDecision.Waiting, new Changes([], superseded));
    }

    /// <summary>An execution left the stage (finished it, failed, or ended): let the next one in.</summary>
    public Changes Leave(string executionId, ExecutionMode mode)
    {
        Occupants.Remove(executionId);
        Waiting.Remove(executionId);
        return AdmitWaiting(mode);
    }

    public Changes SetInbound(bool enabled, string? reason, ExecutionMode mode)
    {
        InboundEnabled = enabled;
        DisabledReason = enabled ? null : reason;
        return enabled ? AdmitWaiting(mode) : Changes.None;
    }

    private Changes AdmitWaiting(ExecutionMode mode)
    {
        var admitted = new List<string>();
        while (InboundEnabled && Waiting.Count > 0 && (mode == ExecutionMode.Parallel || Occupants.Count == 0))
        {
            var next = Waiting[0];
            Waiting.RemoveAt(0);
            Occupants.Add(next);
            admitted.Add(next);
            LastAdmitted = next;
        }
        return new Changes(admitted, []);
    }

    /// <summary>Disables or enables the inbound transition, remembering who and when; enabling lets waiting executions in.</summary>
    public Changes SetInbound(bool enabled, string? reason, string by, DateTimeOffset now, ExecutionMode mode)
    {
        var changes = SetInbound(enabled, reason, mode);
        DisabledBy = enabled ? null : by;
        DisabledAt = enabled ? null : now;
        return changes;
    }

    /// <summary>
    /// Why the execution may not enter again to retry the stage, or null when it may: only the execution the gate
    /// let in last, and only while no other is inside (SUPERSEDED, QUEUED). A retry is not a transition: a disabled
    /// inbound transition and executions waiting at it do not hold it back.
    /// </summary>
    public string? WhyNoReentry(string executionId, ExecutionMode mode)
    {
        if (mode == ExecutionMode.Parallel || Occupants.Contains(executionId)) return null;
        if (Occupants.FirstOrDefault() is { } occupant)
            return $"execution '{occupant}' is in the stage now; a stage holds one execution at a time ({ExecutionModes.NameOf(mode)})";
        if (LastAdmitted is { } last && last != executionId)
            return $"execution '{last}' entered the stage after this one; only the latest execution in a stage can retry it " +
                   "(retrying an older one would run older artifacts over newer ones)";
        return null;
    }

    /// <summary>Lets the execution in again for a retry; null when admitted, otherwise why not.</summary>
    public string? Reenter(string executionId, ExecutionMode mode)
    {
        if (WhyNoReentry(executionId, mode) is { } refusal) return refusal;
        Waiting.Remove(executionId);
        if (!Occupants.Contains(executionId)) Occupants.Add(executionId);
        LastAdmitted = executionId;
        return null;
    }

    /// <summary>Remembers a success (once per execution, in the order the stage finished); answers whether it was new.</summary>
    public bool RecordSuccess(StageSuccess success)
    {
        if (Successes.Any(s => s.ExecutionId == success.ExecutionId)) return false;
        var at = Successes.FindLastIndex(s => s.At <= success.At) + 1;
        Successes.Insert(at, success);
        if (Successes.Count > SuccessesKept) Successes.RemoveRange(0, Successes.Count - SuccessesKept);
        return true;
    }
}

/// <summary>An execution that succeeded through a stage: a possible rollback target.</summary>
public sealed record StageSuccess(string ExecutionId, int PipelineVersion, DateTimeOffset At);
