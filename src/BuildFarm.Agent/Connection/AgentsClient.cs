using BuildFarm.Agent.Jobs.Buildspec;
using BuildFarm.Agent.Logs;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace BuildFarm.Agent.Connection;

/// <summary>The typed agent-protocol calls, each with its own retry policy.</summary>
internal sealed class AgentsClient(FarmConnection connection, AgentConsole console) : IBuildContextSource
{
    private static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Long-poll; retries (and fails over) until work arrives or the agent stops. A refusal stops the agent.</summary>
    public async Task<IReadOnlyList<Job>> AcquireAsync(int freeSlots, TimeSpan wait, CancellationToken cancellationToken)
    {
        var request = new AcquireRequest { FreeSlots = freeSlots, Wait = Duration.FromTimeSpan(wait) };
        try
        {
            var response = await connection.CallAsync(RetryPolicies.Forever,
                async (channel, call) => await new Agents.AgentsClient(channel).AcquireAsync(request, call),
                wait + TimeSpan.FromSeconds(10), cancellationToken, (e, attempt) =>
                {
                    if (attempt % 10 == 0) console.Line($"cannot acquire work ({e.StatusCode}: {e.Status.Detail}); retrying");
                });
            return response.Jobs;
        }
        catch (RpcException e)
        {
            // Only non-transient answers get here (the policy retries the rest): this agent may not work.
            throw new AgentException($"the server refused to hand this agent work: {e.StatusCode}: {e.Status.Detail}", e);
        }
    }

    public async Task<IReadOnlyList<string>> HeartbeatAsync(IEnumerable<Lease> running, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var request = new HeartbeatRequest();
        request.Running.AddRange(running);
        var response = await connection.CallAsync(RetryPolicies.OneRetry,
            async (channel, call) => await new Agents.AgentsClient(channel).HeartbeatAsync(request, call),
            deadline, cancellationToken);
        return response.CancelLeaseIds;
    }

    public async Task AppendLogAsync(Lease lease, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var request = new AppendLogRequest { Lease = lease, Offset = offset, Data = ByteString.CopyFrom(data.Span) };
        await connection.CallAsync(RetryPolicies.Few,
            async (channel, call) => await new Agents.AgentsClient(channel).AppendLogAsync(request, call),
            UnaryDeadline, cancellationToken);
    }

    /// <summary>
    /// Reports the result with the log's last chunk and answers the jobs leased for the <paramref name="nextJobs"/> slots
    /// it frees. Retries transient failures for about ten minutes; FailedPrecondition (lease no longer live) is thrown.
    /// A server that cannot take the chunk where it says (OutOfRange: its log is not where this agent left it) gets the
    /// result again without it: a result never waits on its log.
    /// </summary>
    public async Task<IReadOnlyList<Job>> CompleteAsync(Lease lease, JobResult result, LogTail tail, int nextJobs, CancellationToken cancellationToken)
    {
        var request = new CompleteRequest { Lease = lease, Result = result, NextJobs = nextJobs };
        if (!tail.Data.IsEmpty)
        {
            request.LogOffset = tail.Offset;
            request.LogData = UnsafeByteOperations.UnsafeWrap(tail.Data);
        }
        try
        {
            return (await CompleteAsync(request, cancellationToken)).Jobs;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange && !request.LogData.IsEmpty)
        {
            console.Line($"job {lease.JobId}: the server could not append the end of its log ({e.Status.Detail}); reporting the result without it");
            request.LogOffset = 0;
            request.LogData = ByteString.Empty;
            return (await CompleteAsync(request, cancellationToken)).Jobs;
        }
    }

    private Task<CompleteResponse> CompleteAsync(CompleteRequest request, CancellationToken cancellationToken) =>
        connection.CallAsync(RetryPolicies.Patient,
            async (channel, call) => await new Agents.AgentsClient(channel).CompleteAsync(request, call),
            UnaryDeadline, cancellationToken, (e, attempt) =>
            {
                if (attempt % 10 == 0) console.Line($"cannot report the result of job {request.Lease.JobId} yet ({e.StatusCode}: {e.Status.Detail}); retrying");
            });

    public async Task<BuildContext> GetAsync(Lease lease, string primaryInput, CancellationToken cancellationToken)
    {
        var request = new GetBuildContextRequest { Lease = lease, PrimaryInput = primaryInput };
        var response = await connection.CallAsync(RetryPolicies.Few,
            async (channel, call) => await new Agents.AgentsClient(channel).GetBuildContextAsync(request, call),
            UnaryDeadline, cancellationToken);
        return new BuildContext(response.BuildNumber, response.SourceRevision.Length > 0 ? response.SourceRevision : null,
            response.CacheTree?.ToCore(), response.CacheSavedBy, response.CacheSavedAt?.ToDateTimeOffset());
    }

    public async Task PutCacheAsync(Lease lease, Core.Content.Digest tree, CancellationToken cancellationToken)
    {
        var request = new PutBuildCacheRequest { Lease = lease, Tree = tree.ToProto() };
        await connection.CallAsync(RetryPolicies.Few,
            async (channel, call) => await new Agents.AgentsClient(channel).PutBuildCacheAsync(request, call),
            UnaryDeadline, cancellationToken);
    }

    public static bool IsRefused(RpcException e) => e.StatusCode == StatusCode.FailedPrecondition;
}
