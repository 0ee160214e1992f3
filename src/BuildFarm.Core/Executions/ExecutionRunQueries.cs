using System.Text.Json;

namespace BuildFarm.Core.Executions;

/// <summary>Read-only questions about a run, and copies of it for readers outside its owner.</summary>
public static class ExecutionRunQueries
{
    /// <summary>Whether the lease is the live lease of the job's current attempt.</summary>
    public static bool IsLeaseLive(this ExecutionRun run, string jobId, string leaseId) =>
        run.Status == ExecutionStatus.InProgress && run.FindAttempt(jobId) is { Status: AttemptStatus.InProgress } attempt && attempt.LeaseId == leaseId;

    /// <summary>The attempt a job id names, or null.</summary>
    public static ActionAttempt? FindAttempt(this ExecutionRun run, string jobId) =>
        JobId.TryParse(jobId, out var id) && id.ExecutionId == run.Id
            ? run.FindAttempt(id.Stage, id.Action, id.Attempt)
            : null;

    /// <summary>An attempt by stage, action and number (0 = the newest).</summary>
    public static ActionAttempt? FindAttempt(this ExecutionRun run, string stage, string action, int number)
    {
        var attempts = run.Stages.FirstOrDefault(s => s.Name == stage)?.Actions.FirstOrDefault(a => a.Name == action)?.Attempts;
        if (attempts is null || attempts.Count == 0) return null;
        return number == 0 ? attempts[^1] : attempts.FirstOrDefault(a => a.Number == number);
    }

    /// <summary>A deep copy, for handing state to readers while its owner goes on changing it.</summary>
    public static T DeepCopy<T>(this T value) where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value))!;
}
