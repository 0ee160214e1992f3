using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using BuildFarm.Api.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Agent.Tests.Support;

/// <summary>
/// A real gRPC server (Kestrel, h2c, a free port) that speaks the agent protocol to a real agent: hands out the jobs
/// it is given, keeps each job's log as the farm does (appends idempotent by offset, a gap refused) and records every
/// log append and result.
/// </summary>
internal sealed class FakeAgentsServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeAgentsServer(WebApplication app, FakeAgents agents)
    {
        this.app = app;
        Agents = agents;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri Address { get; }
    public FakeAgents Agents { get; }

    public static async Task<FakeAgentsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var agents = new FakeAgents();
        builder.Services.AddSingleton(agents);
        var app = builder.Build();
        app.MapGrpcService<FakeAgents>();
        await app.StartAsync();
        return new FakeAgentsServer(app, agents);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed class FakeAgents : Agents.AgentsBase
{
    private readonly Channel<Job> queue = Channel.CreateUnbounded<Job>();
    private readonly ConcurrentDictionary<string, List<byte>> logs = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CompleteRequest>> results = new();

    /// <summary>Every AppendLog and Complete, in arrival order.</summary>
    public ConcurrentQueue<IMessage> Calls { get; } = new();

    /// <summary>How many Completes that carry log bytes to answer OutOfRange (as a server whose log lost an append).</summary>
    public int RefuseLogEnds { get; set; }

    /// <summary>The jobs handed out in Complete answers (for the slots results freed), by job id.</summary>
    public ConcurrentQueue<string> HandedWithResults { get; } = new();

    public Task<CompleteRequest> Hand(Job job)
    {
        var result = results.GetOrAdd(job.Lease.JobId, _ => new TaskCompletionSource<CompleteRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Writer.TryWrite(job);
        return result.Task;
    }

    public byte[] LogOf(string jobId)
    {
        var log = logs.GetOrAdd(jobId, _ => []);
        lock (log) return [.. log];
    }

    public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context) =>
        Task.FromResult(new RegisterResponse
        {
            AgentId = "agent-1",
            Credential = "cred-1",
            HeartbeatInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            LeaseTtl = Duration.FromTimeSpan(TimeSpan.FromSeconds(60)),
        });

    public override async Task<AcquireResponse> Acquire(AcquireRequest request, ServerCallContext context)
    {
        var response = new AcquireResponse();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        wait.CancelAfter(request.Wait.ToTimeSpan());
        try
        {
            response.Jobs.Add(await queue.Reader.ReadAsync(wait.Token));
        }
        catch (OperationCanceledException)
        {
        }
        return response;
    }

    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context) => Task.FromResult(new HeartbeatResponse());

    public override Task<AppendLogResponse> AppendLog(AppendLogRequest request, ServerCallContext context)
    {
        Calls.Enqueue(request);
        return Task.FromResult(new AppendLogResponse { NextOffset = Append(request.Lease.JobId, request.Offset, request.Data.ToByteArray()) });
    }

    public override Task<CompleteResponse> Complete(CompleteRequest request, ServerCallContext context)
    {
        Calls.Enqueue(request);
        if (!request.LogData.IsEmpty)
        {
            if (RefuseLogEnds > 0)
            {
                RefuseLogEnds--;
                throw new RpcException(new Status(StatusCode.OutOfRange, "the log is 0 bytes long; an append there would leave a gap"));
            }
            Append(request.Lease.JobId, request.LogOffset, request.LogData.ToByteArray());
        }
        var response = new CompleteResponse();
        // As the farm does: a waiting job for each slot the result frees, without waiting for one.
        while (response.Jobs.Count < request.NextJobs && queue.Reader.TryRead(out var next))
        {
            response.Jobs.Add(next);
            HandedWithResults.Enqueue(next.Lease.JobId);
        }
        results[request.Lease.JobId].TrySetResult(request);
        return Task.FromResult(response);
    }

    private long Append(string jobId, long offset, byte[] data)
    {
        var log = logs.GetOrAdd(jobId, _ => []);
        lock (log)
        {
            if (offset > log.Count) throw new RpcException(new Status(StatusCode.OutOfRange, $"the log is {log.Count} bytes long; an append at {offset} would leave a gap"));
            log.AddRange(data.Skip(log.Count - (int)offset));
            return log.Count;
        }
    }
}
