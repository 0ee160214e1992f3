using System.Collections.Concurrent;
using System.Net;
using BuildFarm.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Cli.Tests;

/// <summary>
/// A real gRPC server (Kestrel, h2c, a free port) that answers Executions and Logs calls from scripts, can break a
/// stream part-way (as a server restart would), and records what the CLI sent.
/// </summary>
public sealed class FakeFarm : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeFarm(WebApplication app, FakeExecutions executions, FakeLogs logs)
    {
        _app = app;
        Executions = executions;
        Logs = logs;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri Address { get; }
    public FakeExecutions Executions { get; }
    public FakeLogs Logs { get; }

    public static async Task<FakeFarm> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var executions = new FakeExecutions();
        var logs = new FakeLogs();
        builder.Services.AddSingleton(executions);
        builder.Services.AddSingleton(logs);
        var app = builder.Build();
        app.MapGrpcService<FakeExecutions>();
        app.MapGrpcService<FakeLogs>();
        await app.StartAsync();
        return new FakeFarm(app, executions, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static RpcException Restarting() => new(new Status(StatusCode.Unavailable, "the server is restarting"));
}

public sealed class FakeExecutions : Executions.ExecutionsBase
{
    /// <summary>What WatchExecution streams, from the start, on every call.</summary>
    public IReadOnlyList<Execution> Snapshots { get; set; } = [];

    /// <summary>Per call (by index): how many snapshots to send before breaking the stream; null sends them all.</summary>
    public List<int?> BreakAfter { get; } = [];

    public ConcurrentQueue<string> Authorizations { get; } = new();
    public int WatchCalls;

    public override async Task WatchExecution(WatchExecutionRequest request, IServerStreamWriter<Execution> responseStream, ServerCallContext context)
    {
        Authorizations.Enqueue(context.RequestHeaders.GetValue("authorization") ?? "");
        var call = Interlocked.Increment(ref WatchCalls) - 1;
        var breakAfter = call < BreakAfter.Count ? BreakAfter[call] : null;
        for (var i = 0; i < Snapshots.Count; i++)
        {
            if (i == breakAfter) throw FakeFarm.Restarting();
            await responseStream.WriteAsync(Snapshots[i]);
        }
    }

    /// <summary>Every approval decision the CLI sent, in order.</summary>
    public ConcurrentQueue<PutApprovalResultRequest> ApprovalResults { get; } = new();

    public override Task<PutApprovalResultResponse> PutApprovalResult(PutApprovalResultRequest request, ServerCallContext context)
    {
        ApprovalResults.Enqueue(request);
        return Task.FromResult(new PutApprovalResultResponse());
    }

    public override Task<Execution> GetExecution(GetExecutionRequest request, ServerCallContext context) =>
        Snapshots.Count > 0 && request.ExecutionId == Snapshots[^1].ExecutionId
            ? Task.FromResult(Snapshots[^1])
            : throw new RpcException(new Status(StatusCode.NotFound, $"execution {request.ExecutionId} does not exist"));
}

public sealed class FakeLogs : Logs.LogsBase
{
    /// <summary>Each action's log (key <c>Stage/Action</c>), served in chunks of <see cref="ChunkSize"/> bytes.</summary>
    public Dictionary<string, byte[]> Content { get; } = new();
    public int ChunkSize { get; set; } = 4;

    /// <summary>Break the first stream of each action after this many chunks (null: never).</summary>
    public int? BreakFirstCallAfter { get; set; }

    public ConcurrentQueue<ReadLogRequest> Requests { get; } = new();

    public override async Task ReadLog(ReadLogRequest request, IServerStreamWriter<LogChunk> responseStream, ServerCallContext context)
    {
        var key = $"{request.Stage}/{request.Action}";
        var first = !Requests.Any(r => $"{r.Stage}/{r.Action}" == key);
        Requests.Enqueue(request);
        if (!Content.TryGetValue(key, out var bytes)) throw new RpcException(new Status(StatusCode.NotFound, $"no log for {key}"));
        // A resumed read starts one chunk early (as a log store may): the client must skip what it already has.
        var sent = 0;
        for (var offset = Math.Max(0, (request.Offset / ChunkSize - 1) * ChunkSize); offset < bytes.Length; offset += ChunkSize)
        {
            if (first && sent == BreakFirstCallAfter) throw FakeFarm.Restarting();
            var length = (int)Math.Min(ChunkSize, bytes.Length - offset);
            await responseStream.WriteAsync(new LogChunk { Offset = offset, Data = ByteString.CopyFrom(bytes, (int)offset, length) });
            sent++;
        }
    }
}
