using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;
using BuildFarm.Core.Executions;
using ActionAttempt = BuildFarm.Api.V1.ActionAttempt;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace BuildFarm.Cli.Watching;

/// <summary>
/// Turns a sequence of execution snapshots into the status changes not yet reported. It remembers the last status
/// reported for each execution, stage, action and attempt, and the newest revision, so snapshots seen again or older
/// ones (after a reconnect) add nothing.
/// </summary>
public sealed class ExecutionProgress(TimeProvider clock)
{
    private readonly Dictionary<string, string> _reported = new(StringComparer.Ordinal);
    private long _revision = -1;

    public static bool HasEnded(Execution execution) =>
        Enum.TryParse<ExecutionStatus>(execution.Status, out var status) && status.IsTerminal();

    public IReadOnlyList<ProgressEvent> Update(Execution execution)
    {
        // After a reconnect the server may replay (or answer from a replica that is behind): never step back.
        if (execution.Revision < _revision) return [];
        _revision = execution.Revision;
        var events = new List<ProgressEvent>();
        var ended = HasEnded(execution);
        if (!ended)
            Report(events, "execution", execution.Status, () => ExecutionEvent(execution));
        foreach (var stage in execution.Stages)
        {
            var stageActive = stage.Status is "Waiting" or "InProgress";
            if (stageActive)
                Report(events, "stage\n" + stage.Name, stage.Status, () => Event(stage.StartedAt, stage.Name, stage.Status, ""));
            foreach (var action in stage.Actions)
                AddActionEvents(events, stage.Name, action);
            if (!stageActive && stage.Status != "Pending")
                Report(events, "stage\n" + stage.Name, stage.Status, () =>
                    Event(stage.FinishedAt, stage.Name, stage.Status, Took(stage.StartedAt, stage.FinishedAt)));
        }
        if (ended)
            Report(events, "execution", execution.Status, () => ExecutionEvent(execution));
        // Stable: events at the same instant keep the order above (a stage ends after its actions).
        return events.OrderBy(e => e.At).ToList();
    }

    private void AddActionEvents(List<ProgressEvent> events, string stage, ActionExecution action)
    {
        var subject = $"{stage}/{action.Name}";
        foreach (var attempt in action.Attempts)
            Report(events, $"attempt\n{subject}\n{attempt.Number}", attempt.Status, () => AttemptEvent(subject, attempt));

        // Only what the attempts do not already say: an action without jobs, or one that ended differently from its
        // last attempt (retries used up, stopped).
        var last = action.Attempts.LastOrDefault();
        var unexplained = last is null ? action.Status != "Pending" : action.Status != last.Status && IsActionEnd(action.Status);
        if (unexplained)
            Report(events, "action\n" + subject, action.Status, () =>
                Event(last?.FinishedAt, subject, action.Status, last is null ? "" : $" after attempt {last.Number}"));
    }

    private ProgressEvent AttemptEvent(string subject, ActionAttempt attempt)
    {
        var which = attempt.Number > 1 ? $" (attempt {attempt.Number})" : "";
        return attempt.Status switch
        {
            "Queued" => Event(attempt.QueuedAt, subject, attempt.Status, which),
            "InProgress" => Event(attempt.StartedAt, subject, attempt.Status,
                (attempt.AgentName.Length > 0 ? $"  on {attempt.AgentName}" : "") + which),
            "Succeeded" => Event(attempt.FinishedAt, subject, attempt.Status, Took(attempt.StartedAt, attempt.FinishedAt) + which),
            _ => Event(attempt.FinishedAt, subject, attempt.Status, Took(attempt.StartedAt, attempt.FinishedAt) + which + FailureDetail(attempt)),
        };
    }

    private static string FailureDetail(ActionAttempt attempt)
    {
        var parts = new List<string>();
        var failure = ExecutionView.Failure(attempt);
        // Only when the message does not already say it ("command exited with code 7").
        if (attempt.HasExitCode && !failure.Contains($"code {attempt.ExitCode}", StringComparison.Ordinal)) parts.Add($"exit code {attempt.ExitCode}");
        if (failure.Length > 0) parts.Add(failure);
        return parts.Count == 0 ? "" : ": " + string.Join(": ", parts);
    }

    private ProgressEvent ExecutionEvent(Execution execution)
    {
        var ended = HasEnded(execution);
        var detail = ended ? Took(execution.StartedAt ?? execution.CreatedAt, execution.FinishedAt) : $"  {execution.Pipeline} version {execution.PipelineVersion}";
        if (execution.StatusSummary.Length > 0) detail += ": " + execution.StatusSummary;
        return Event(ended ? execution.FinishedAt : execution.StartedAt ?? execution.CreatedAt, $"execution {execution.ExecutionId}", execution.Status, detail);
    }

    private void Report(List<ProgressEvent> events, string entity, string status, Func<ProgressEvent> describe)
    {
        if (_reported.TryGetValue(entity, out var reported) && reported == status) return;
        _reported[entity] = status;
        events.Add(describe());
    }

    private ProgressEvent Event(Timestamp? at, string subject, string status, string detail) =>
        new(at?.ToDateTimeOffset() ?? clock.GetUtcNow(), subject, status, detail);

    private static string Took(Timestamp? start, Timestamp? end) =>
        Durations.Between(start, end) is { Length: > 0 } took ? $" ({took})" : "";

    private static bool IsActionEnd(string status) => status is "Succeeded" or "Failed" or "Abandoned";
}
