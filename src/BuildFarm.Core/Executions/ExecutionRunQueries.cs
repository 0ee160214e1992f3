using System.Text.Json;

namespace BuildFarm.Core.Executions;

/// <summary>Read-only questions about a run, and copies of it for readers outside its owner.</summary>
public static class ExecutionRunQueries
{
    /// <summary>Whether the lease is the live lease of the job's current attempt.</summary>
    public static bool IsLeaseLive(this ExecutionRun run, string jobId, string leaseId) =>
        !run.Status.IsTerminal() && run.FindAttempt(jobId) is { Status: AttemptStatus.InProgress } attempt && attempt.LeaseId == leaseId;

    /// <summary>The attempt a job id names (an action's, or a condition rule's), or null.</summary>
    public static ActionAttempt? FindAttempt(this ExecutionRun run, string jobId)
    {
        if (JobId.TryParse(jobId, out var id))
        {
            if (id.ExecutionId != run.Id) return null;
            return id.Child is null
                ? run.FindAttempt(id.Stage, id.Action, id.Attempt)
                : run.FindChildAttempt(id.Stage, id.Action, id.Attempt, id.Child, id.ChildAttempt);
        }
        return RuleJobId.TryParse(jobId, out var rule) && rule.ExecutionId == run.Id ? run.FindAttempt(rule.Stage, rule.ActionPath, rule.Attempt) : null;
    }

    /// <summary>
    /// An attempt by stage, action and number (0 = the newest). A condition rule's job is named where an action goes
    /// as <c>beforeEntry/RULE</c> (or onSuccess/onFailure); its attempts are numbered across the stage's evaluations.
    /// </summary>
    public static ActionAttempt? FindAttempt(this ExecutionRun run, string stage, string action, int number)
    {
        var stageRun = run.Stages.FirstOrDefault(s => s.Name == stage);
        var attempts = RuleJobId.TryParsePath(action, out var kind, out var rule)
            ? stageRun?.Conditions.Where(c => c.Kind == kind).SelectMany(c => c.Rules).Where(r => r.Name == rule).SelectMany(r => r.Attempts).ToList()
            : stageRun?.Actions.FirstOrDefault(a => a.Name == action)?.Attempts;
        if (attempts is null || attempts.Count == 0) return null;
        return number == 0 ? attempts[^1] : attempts.FirstOrDefault(a => a.Number == number);
    }

    /// <summary>An attempt (0 = the newest) of one build of the batch of an action's attempt (0 = the newest); null when there is none.</summary>
    public static ActionAttempt? FindChildAttempt(this ExecutionRun run, string stage, string action, int attempt, string child, int childAttempt = 0)
    {
        var build = run.FindAttempt(stage, action, attempt)?.Batch?.Children.FirstOrDefault(c => c.Identifier == child);
        if (build is null || build.Attempts.Count == 0) return null;
        return childAttempt == 0 ? build.Attempts[^1] : build.Attempts.FirstOrDefault(a => a.Number == childAttempt);
    }

    /// <summary>A deep copy, for handing state to readers while its owner goes on changing it.</summary>
    public static T DeepCopy<T>(this T value) where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value))!;
}
