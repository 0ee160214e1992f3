using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

/// <summary><c>farm approve</c> and <c>farm reject</c>: one decision on a manual approval, recorded with who and why.</summary>
public static class ApprovalCommand
{
    public static Command Approve(CliContext context) => Create(context, "approve", "Approved", "Approve a manual approval that waits for a decision");

    public static Command Reject(CliContext context) => Create(context, "reject", "Rejected", "Reject a manual approval (its action fails, and so does its stage)");

    private static Command Create(CliContext context, string name, string status, string description)
    {
        var id = CommonOptions.ExecutionId();
        var action = new Argument<string>("action") { Description = "The approval action, STAGE/ACTION" };
        action.Validators.Add(r =>
        {
            if (ActionAddress.TryParse(r.GetValueOrDefault<string>()) is null) r.AddError("the action must be given as STAGE/ACTION, e.g. Release/Approve");
        });
        var comment = new Option<string?>("--comment") { Description = "Why, for the history (shown with the decision)", HelpName = "TEXT" };
        var command = new Command(name, description) { id, action, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var (stage, actionName) = ActionAddress.TryParse(parse.GetValue(action)!)!.Value;
            var executionId = parse.GetValue(id)!;
            await client.Executions.PutApprovalResultAsync(new PutApprovalResultRequest
            {
                ExecutionId = executionId,
                Stage = stage,
                Action = actionName,
                Status = status,
                Comment = parse.GetValue(comment) ?? "",
            }, cancellationToken: cancellationToken);
            context.Terminal.Line($"execution {executionId}: {stage}/{actionName} {status.ToLowerInvariant()}");
            return 0;
        });
        return command;
    }
}
