using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;
using BuildFarm.Grains;
using BuildFarm.Storage.Logs;
using Google.Protobuf;
using Grpc.Core;

namespace BuildFarm.Server.Services;

public sealed class LogsService(IGrainFactory grains, ILogStore logs, CallLifetime lifetime) : Logs.LogsBase
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
        while (!cancel.IsCancellationRequested)
        {
            var data = await logs.ReadAsync(attempt.JobId, offset, ChunkSize, cancel);
            if (data.Length > 0)
            {
                await responseStream.WriteAsync(new LogChunk { Offset = offset, Data = ByteString.CopyFrom(data.Span) }, cancel);
                offset += data.Length;
                continue;
            }
            // The agent ships its last bytes before it reports the result, so a finished attempt's log is complete.
            if (!request.Follow || IsFinished(attempt)) return;
            await Task.Delay(FollowPoll, cancel);
            var latest = await AttemptAsync(execution, request, request.Build.Length == 0 ? attempt.Number : request.Attempt);
            // A build tried again has a newer job: the one followed has ended.
            if (latest is not null && latest.JobId != attempt.JobId) return;
            attempt = latest ?? attempt;
        }
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
