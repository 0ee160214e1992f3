using BuildFarm.Agent.Jobs.Buildspec;
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
        var retry = RetryPolicies.Forever((e, attempt) =>
        {
            if (attempt % 10 == 0) console.Line($"cannot acquire work ({e.StatusCode}: {e.Status.Detail}); retrying");
        });
        try
        {
            var response = await connection.CallAsync(retry,
                async (channel, call) => await new Agents.AgentsClient(channel).AcquireAsync(request, call),
                wait + TimeSpan.FromSeconds(10), cancellationToken);
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
        var response = await connection.CallAsync(RetryPolicies.OneRetry(),
            async (channel, call) => await new Agents.AgentsClient(channel).HeartbeatAsync(request, call),
            deadline, cancellationToken);
        return response.CancelLeaseIds;
    }

    public async Task AppendLogAsync(Lease lease, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var request = new AppendLogRequest { Lease = lease, Offset = offset, Data = ByteString.CopyFrom(data.Span) };
        await connection.CallAsync(RetryPolicies.Few(),
            async (channel, call) => await new Agents.AgentsClient(channel).AppendLogAsync(request, call),
            UnaryDeadline, cancellationToken);
    }

    /// <summary>Retries transient failures for about ten minutes; FailedPrecondition (lease no longer live) is thrown.</summary>
    public async Task CompleteAsync(Lease lease, JobResult result, CancellationToken cancellationToken)
    {
        var request = new CompleteRequest { Lease = lease, Result = result };
        var retry = RetryPolicies.Patient((e, attempt) =>
        {
            if (attempt % 10 == 0) console.Line($"cannot report the result of job {lease.JobId} yet ({e.StatusCode}: {e.Status.Detail}); retrying");
        });
        await connection.CallAsync(retry,
            async (channel, call) => await new Agents.AgentsClient(channel).CompleteAsync(request, call),
            UnaryDeadline, cancellationToken);
    }

    public async Task<BuildContext> GetAsync(Lease lease, string primaryInput, CancellationToken cancellationToken)
    {
        var request = new GetBuildContextRequest { Lease = lease, PrimaryInput = primaryInput };
        var response = await connection.CallAsync(RetryPolicies.Few(),
            async (channel, call) => await new Agents.AgentsClient(channel).GetBuildContextAsync(request, call),
            UnaryDeadline, cancellationToken);
        return new BuildContext(response.BuildNumber, response.SourceRevision.Length > 0 ? response.SourceRevision : null,
            response.CacheTree?.ToCore(), response.CacheSavedBy, response.CacheSavedAt?.ToDateTimeOffset());
    }

    public async Task PutCacheAsync(Lease lease, Core.Content.Digest tree, CancellationToken cancellationToken)
    {
        var request = new PutBuildCacheRequest { Lease = lease, Tree = tree.ToProto() };
        await connection.CallAsync(RetryPolicies.Few(),
            async (channel, call) => await new Agents.AgentsClient(channel).PutBuildCacheAsync(request, call),
            UnaryDeadline, cancellationToken);
    }

    public static bool IsRefused(RpcException e) => e.StatusCode == StatusCode.FailedPrecondition;
}
