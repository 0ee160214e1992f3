using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Executions;

/// <summary>The outcome of asking a stage's gate to let an execution in.</summary>
public enum GateDecision { Admitted, Waiting }

/// <summary>
/// The gate in front of one stage: who is inside, who waits, and whether the inbound transition is open.
/// SUPERSEDED: one execution inside; at most one waits, and a newer one replaces it (the older ends Superseded).
/// QUEUED: one inside; the rest wait in arrival order. PARALLEL: no gate.
/// </summary>
public sealed class StageGate
{
    public List<string> Occupants { get; set; } = [];
    public List<string> Waiting { get; set; } = [];
    public bool InboundEnabled { get; set; } = true;
    public string? DisabledReason { get; set; }

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
        }
        return new Changes(admitted, []);
    }
}
