using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;
using BuildFarm.Grains;
using BuildFarm.Storage.Logs;
using Google.Protobuf;
using Grpc.Core;

namespace BuildFarm.Server.Services;

/// <summary>
/// A job's log as readers see it: the bytes its agent streamed (the log store), then the last chunk its result brought
/// (stored with the result, in the execution's store).
/// </summary>
public sealed class LogsService(IGrainFactory grains, ILogStore logs, IExecutionStore executions, CallLifetime lifetime) : Logs.LogsBase
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    public override async Task ReadLog(ReadLogRequest request, IServerStreamWriter<LogChunk> responseStream, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.ExecutionId)) throw FarmException.Invalid("an execution id is required");
        var execution = grains.Get<IExecutionGrain>(request.ExecutionId);
        using var call = lifetime.Link(context);
        var cancel = call.Token;
        var attempt = await FindAttemptAsync(execution, request, cancel);
        var offset = Math.Max(0, request.Offset);
        JobLogTail? tail = null;
        var tailRead = false;
        while (!cancel.IsCancellationRequested)
        {
            var (start, data) = await ReadAsync(attempt.JobId, offset, tail, cancel);
            if (data.Length > 0)
            {
                await responseStream.WriteAsync(new LogChunk { Offset = start, Data = ByteString.CopyFrom(data.Span) }, cancel);
                offset = start + data.Length;
                continue;
            }
            // The agent streams its log before it reports the result, which brings the last chunk: once the attempt is
            // finished, the log store and that chunk hold all of it.
            if (IsFinished(attempt))
            {
                if (tailRead) return;
                tail = await executions.ReadLogTailAsync(request.ExecutionId, attempt.JobId, cancel);
                tailRead = true;
                continue;
            }
            if (!request.Follow) return;
            await Task.Delay(FollowPoll, cancel);
            var latest = await AttemptAsync(execution, request, request.Build.Length == 0 ? attempt.Number : request.Attempt);
            // A build tried again has a newer job: the one followed has ended.
            if (latest is not null && latest.JobId != attempt.JobId) return;
            attempt = latest ?? attempt;
        }
    }

    /// <summary>
    /// Up to a chunk of the log at <paramref name="offset"/> and the offset it starts at: from the log store before the
    /// tail, then from the tail. Bytes the store never got (an append the agent gave up on) are passed over to the tail.
    /// </summary>
    private async Task<(long Start, ReadOnlyMemory<byte> Data)> ReadAsync(string jobId, long offset, JobLogTail? tail, CancellationToken cancel)
    {
        if (tail is null || offset < tail.Offset)
        {
            var stored = await logs.ReadAsync(jobId, offset, tail is null ? ChunkSize : (int)Math.Min(ChunkSize, tail.Offset - offset), cancel);
            if (stored.Length > 0 || tail is null) return (offset, stored);
            offset = tail.Offset;
        }
        var skip = offset - tail.Offset;
        return skip >= tail.Data.Length
            ? (offset, ReadOnlyMemory<byte>.Empty)
            : (offset, tail.Data.AsMemory((int)skip, (int)Math.Min(ChunkSize, tail.Data.Length - skip)));
    }

    private static async Task<Core.Executions.ActionAttempt> FindAttemptAsync(IExecutionGrain execution, ReadLogRequest request, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(request.Stage) || string.IsNullOrEmpty(request.Action))
            throw FarmException.Invalid("a stage and an action are required (STAGE/ACTION)");
        var run = await execution.GetSummaryAsync(); // NotFound for an unknown execution
        while (true)
        {
            var attempt = await AttemptAsync(execution, request, request.Attempt);
            if (attempt is not null) return attempt;
            if (request.Build.Length > 0 && !request.Follow)
                throw FarmException.NotFound($"execution '{run.ExecutionId}' has no build '{request.Build}' in the batch of {request.Stage}/{request.Action}" +
                                             (request.Attempt == 0 ? "" : $" attempt {request.Attempt}") + " (no such build, or it has not run)");
            // Following an action that has not started yet: wait for its first attempt.
            if (!request.Follow || request.Attempt != 0 || (await execution.GetSummaryAsync()).Status.IsTerminal())
                throw FarmException.NotFound(request.Attempt == 0
                    ? $"execution '{run.ExecutionId}' has no attempt of {request.Stage}/{request.Action} (no such action, or it has not run)"
                    : $"execution '{run.ExecutionId}' has no attempt {request.Attempt} of {request.Stage}/{request.Action}");
            await Task.Delay(FollowPoll, cancel);
        }
    }

    /// <summary>The action's attempt, or the newest job of one build of its batch.</summary>
    private static Task<Core.Executions.ActionAttempt?> AttemptAsync(IExecutionGrain execution, ReadLogRequest request, int attempt) =>
        request.Build.Length == 0
            ? execution.GetAttemptAsync(request.Stage, request.Action, attempt)
            : execution.GetBuildAttemptAsync(request.Stage, request.Action, attempt, request.Build);

    private static bool IsFinished(Core.Executions.ActionAttempt attempt) => attempt.Status is not (AttemptStatus.Queued or AttemptStatus.InProgress);
}
