using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using BuildFarm.Storage.Logs;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace BuildFarm.Server.Services;

/// <summary>The agent protocol: register, long-poll for jobs, heartbeats that renew leases, logs, results.</summary>
public sealed partial class AgentsService(IGrainFactory grains, JobDispatcher dispatcher, JobTransitions transitions, ILogStore logs, IOptions<FarmGrainOptions> options, CallLifetime lifetime,
    AgentDemand demand)
    : Agents.AgentsBase
{
    /// <summary>Below Orleans' 30 s call timeout, which the long-poll's grain call must not reach.</summary>
    private static readonly TimeSpan MaxAcquireWait = TimeSpan.FromSeconds(25);

    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) throw FarmException.Invalid("name: an agent needs a name");
        if (request.Slots is < 1 or > 256) throw FarmException.Invalid($"slots: {request.Slots} is outside 1..256");
        var labelProblems = Core.Definitions.AgentLabels.Problems(request.Labels).ToList();
        if (labelProblems.Count > 0)
            throw FarmException.Invalid("labels: " + string.Join("; ", labelProblems.Select(p => p.Problem)));
        var agentId = AgentCredential.NewAgentId();
        var credential = await grains.Get<IAgentGrain>(agentId).RegisterAsync(new AgentRegistration
        {
            Name = request.Name,
            Labels = new Dictionary<string, string>(request.Labels),
            Slots = request.Slots,
            Os = request.Os,
            Arch = request.Arch,
            Version = request.Version,
        });
        return new RegisterResponse
        {
            AgentId = agentId,
            Credential = credential,
            HeartbeatInterval = Duration.FromTimeSpan(options.Value.HeartbeatInterval),
            LeaseTtl = Duration.FromTimeSpan(options.Value.LeaseTtl),
        };
    }

    public override async Task<AcquireResponse> Acquire(AcquireRequest request, ServerCallContext context)
    {
        var agent = Caller.AgentOf(context);
        var wait = request.Wait?.ToTimeSpan() ?? TimeSpan.Zero;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxAcquireWait ? MaxAcquireWait : wait;
        using var call = lifetime.Link(context);
        var jobs = await dispatcher.AcquireAsync(agent, Math.Clamp(request.FreeSlots, 1, 256), wait, call.Token);
        var response = new AcquireResponse();
        response.Jobs.AddRange(jobs.Select(j => j.ToProto()));
        return response;
    }

    public override async Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var agent = Caller.AgentOf(context);
        var running = request.Running.Select(l => l.ToCore()).ToList();
        await grains.Get<IAgentGrain>(agent.AgentId).HeartbeatAsync(running);
        var dead = await Task.WhenAll(running.GroupBy(l => l.ExecutionId)
            .Select(g => grains.Get<IExecutionGrain>(g.Key).RenewLeasesAsync(g.ToList())));
        var response = new HeartbeatResponse();
        response.CancelLeaseIds.AddRange(dead.SelectMany(d => d));
        return response;
    }

    public override async Task<AppendLogResponse> AppendLog(AppendLogRequest request, ServerCallContext context)
    {
        var lease = LeaseOf(request.Lease);
        if (!await grains.Get<IExecutionGrain>(lease.ExecutionId).IsLeaseLiveAsync(lease.JobId, lease.LeaseId))
            throw FarmException.Precondition($"lease '{lease.LeaseId}' of job '{lease.JobId}' is no longer live; its log is closed");
        return new AppendLogResponse { NextOffset = await logs.AppendAsync(lease.JobId, request.Offset, request.Data.Memory, context.CancellationToken) };
    }

    public override async Task<CompleteResponse> Complete(CompleteRequest request, ServerCallContext context)
    {
        var lease = LeaseOf(request.Lease);
        if (request.Result is null) throw FarmException.Invalid("result: a completion needs a result");
        if (request.LogData.Length > JobCompletion.MaxLogTail)
            throw FarmException.Invalid($"log_data: {request.LogData.Length} bytes; a result carries at most the log's last {JobCompletion.MaxLogTail} bytes (send the rest with AppendLog)");
        if (request.LogOffset < 0) throw FarmException.Invalid($"log_offset: {request.LogOffset} is negative");
        // The log's end is stored with the result, in its write: once the result is accepted, readers take the log as whole.
        var completion = new JobCompletion(lease.JobId, lease.LeaseId, request.Result.ToCore(), request.LogOffset, request.LogData.IsEmpty ? null : request.LogData.ToByteArray());
        var response = new CompleteResponse();
        if (request.NextJobs <= 0)
        {
            await transitions.CompleteAsync(lease.ExecutionId, completion);
            return response;
        }
        // Work for the slots the result freed, in the same answer: the agent saves an Acquire per job.
        var jobs = await dispatcher.CompleteAndAcquireAsync(Caller.AgentOf(context), lease.ExecutionId, completion,
            Math.Clamp(request.NextJobs, 1, 256), context.CancellationToken);
        response.Jobs.AddRange(jobs.Select(j => j.ToProto()));
        return response;
    }

    public override async Task<ListAgentsResponse> ListAgents(ListAgentsRequest request, ServerCallContext context)
    {
        var agents = await demand.AgentsAsync();
        var response = new ListAgentsResponse();
        response.Unmatched.AddRange(await demand.UnmatchedAsync(agents));
        foreach (var a in agents.OrderBy(a => a.Registration.Name, StringComparer.Ordinal))
        {
            var info = new AgentInfo
            {
                AgentId = a.AgentId,
                Name = a.Registration.Name,
                Slots = a.Registration.Slots,
                Os = a.Registration.Os,
                Arch = a.Registration.Arch,
                Version = a.Registration.Version,
                Status = a.Online ? "Online" : "Lost",
                RegisteredAt = a.RegisteredAt.ToProto(),
                LastHeartbeatAt = a.LastHeartbeatAt.ToProto(),
            };
            info.Labels.Add(a.Registration.Labels);
            info.RunningJobs.AddRange(a.RunningJobs);
            response.Agents.Add(info);
        }
        return response;
    }

    private static Core.Executions.LeaseRef LeaseOf(Lease? lease) =>
        lease is { ExecutionId.Length: > 0, JobId.Length: > 0, LeaseId.Length: > 0 }
            ? lease.ToCore()
            : throw FarmException.Invalid("lease: execution_id, job_id and lease_id are all required");
}
