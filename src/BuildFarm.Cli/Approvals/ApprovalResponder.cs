using System.Threading.Channels;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using Grpc.Core;

namespace BuildFarm.Cli.Approvals;

/// <summary>
/// Answers the manual approvals of the execution <c>farm run</c> watches, each attempt once, on its own task so that
/// progress keeps printing while a person thinks: by asking (<see cref="ApprovalPrompt"/>) or, with
/// <c>--approve-all</c>, by approving.
/// </summary>
public sealed class ApprovalResponder : IAsyncDisposable
{
    public const string Reviewer = "farm run";

    private readonly FarmClient client;
    private readonly Terminal terminal;
    private readonly Func<WaitingApproval, CancellationToken, Task<ApprovalAnswer>> decide;
    private readonly Channel<(string ExecutionId, WaitingApproval Approval)> pending = Channel.CreateUnbounded<(string, WaitingApproval)>();
    private readonly HashSet<(string, string, int)> seen = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task worker;

    public ApprovalResponder(FarmClient client, Terminal terminal, Func<WaitingApproval, CancellationToken, Task<ApprovalAnswer>> decide)
    {
        this.client = client;
        this.terminal = terminal;
        this.decide = decide;
        worker = Task.Run(RunAsync);
    }

    /// <summary>Approves everything, with a comment saying how.</summary>
    public static Task<ApprovalAnswer> ApproveAll(WaitingApproval approval, CancellationToken cancellationToken) =>
        Task.FromResult(new ApprovalAnswer(true, "approved by farm run --approve-all"));

    /// <summary>Asks on the terminal; the read runs aside so that an interrupt is not stuck behind it.</summary>
    public static Func<WaitingApproval, CancellationToken, Task<ApprovalAnswer>> Ask(TextReader input, TextWriter output) =>
        (approval, cancellationToken) => Task.Run(() => ApprovalPrompt.Ask(input, output, approval), CancellationToken.None).WaitAsync(cancellationToken);

    /// <summary>Called with every snapshot the watcher sees; queues approvals not seen before.</summary>
    public void Observe(Execution execution)
    {
        foreach (var approval in WaitingApproval.In(execution))
            if (seen.Add((approval.Stage, approval.Action, approval.Attempt)))
                pending.Writer.TryWrite((execution.ExecutionId, approval));
    }

    private async Task RunAsync()
    {
        await foreach (var (executionId, approval) in pending.Reader.ReadAllAsync(stop.Token))
        {
            var answer = await decide(approval, stop.Token);
            try
            {
                await client.Executions.PutApprovalResultAsync(new PutApprovalResultRequest
                {
                    ExecutionId = executionId,
                    Stage = approval.Stage,
                    Action = approval.Action,
                    Status = answer.Approved ? "Approved" : "Rejected",
                    Comment = answer.Comment,
                }, cancellationToken: stop.Token);
                terminal.ErrorMarkup($"[grey]{Terminal.Escape(approval.Address)} {(answer.Approved ? "approved" : "rejected")}" +
                                     $"{Terminal.Escape(answer.Comment.Length > 0 ? $": {answer.Comment}" : "")}[/]");
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound)
            {
                // Decided meanwhile (a timeout, a stop): the execution's own outcome says what happened.
                terminal.ErrorMarkup($"[yellow]{Terminal.Escape(approval.Address)}: {Terminal.Escape(e.Status.Detail)}[/]");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await stop.CancelAsync();
        try
        {
            await worker;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is RpcException { StatusCode: StatusCode.Cancelled } && stop.IsCancellationRequested))
        {
            // Stopped while a decision or its call was pending: the run has ended anyway.
        }
        stop.Dispose();
    }
}
