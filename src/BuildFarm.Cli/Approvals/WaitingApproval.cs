using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Approvals;

/// <summary>One attempt of a manual approval action that waits for a decision.</summary>
public sealed record WaitingApproval(string Stage, string Action, int Attempt, string Summary, string Url)
{
    public string Address => $"{Stage}/{Action}";

    /// <summary>The approvals of this snapshot that wait for a decision (no decision yet, attempt in progress).</summary>
    public static IEnumerable<WaitingApproval> In(Execution execution) =>
        from stage in execution.Stages
        from action in stage.Actions
        from attempt in action.Attempts
        where attempt.Approval is { Decision: "" } && attempt.Status == "InProgress"
        select new WaitingApproval(stage.Name, action.Name, attempt.Number, attempt.Approval.Summary, attempt.Approval.Url);
}
