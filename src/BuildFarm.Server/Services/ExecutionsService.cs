using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Executions;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using Grpc.Core;

namespace BuildFarm.Server.Services;

public sealed partial class ExecutionsService(IGrainFactory grains, CallLifetime lifetime, AgentDemand demand) : Executions.ExecutionsBase
{
    private static readonly TimeSpan WatchPoll = TimeSpan.FromSeconds(20);

    public override async Task<StartExecutionResponse> StartExecution(StartExecutionRequest request, ServerCallContext context)
    {
        var pipeline = grains.Get<IPipelineGrain>(PipelinesService.RequireName(request.Pipeline));
        var started = await pipeline.StartManualAsync(new ManualStart
        {
            Variables = new Dictionary<string, string>(request.Variables),
            Trigger = $"manual start by {Caller.Of(context).Name}",
            NoCache = request.NoCache,
        });
        return new StartExecutionResponse { ExecutionId = started.ExecutionId, PipelineVersion = started.PipelineVersion };
    }

    public override async Task<ListExecutionsResponse> ListExecutions(ListExecutionsRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        var pipelines = string.IsNullOrEmpty(request.Pipeline)
            ? await grains.Get<ICatalogGrain>(CatalogKeys.Pipelines).ListAsync()
            : [PipelinesService.RequireName(request.Pipeline)];
        var ids = (await Task.WhenAll(pipelines.Select(p => grains.Get<IPipelineGrain>(p).ListExecutionIdsAsync(limit)))).SelectMany(x => x);
        var summaries = await Task.WhenAll(ids.Select(id => grains.Get<IExecutionGrain>(id).GetSummaryAsync()));
        var response = new ListExecutionsResponse();
        response.Executions.AddRange(summaries.OrderByDescending(s => s.CreatedAt).Take(limit).Select(SummaryOf));
        return response;
    }

    public override async Task<Execution> GetExecution(GetExecutionRequest request, ServerCallContext context)
    {
        var execution = (await Execution(request.ExecutionId).GetAsync()).ToProto();
        await demand.AnnotateAsync(execution);
        return execution;
    }

    public override async Task WatchExecution(WatchExecutionRequest request, IServerStreamWriter<Execution> responseStream, ServerCallContext context)
    {
        var execution = Execution(request.ExecutionId);
        using var call = lifetime.Link(context);
        var revision = -1L;
        while (!call.IsCancellationRequested)
        {
            var run = await execution.WaitForChangeAsync(revision, WatchPoll, call.Token);
            if (run.Revision != revision) await responseStream.WriteAsync(run.ToProto(), call.Token);
            revision = run.Revision;
            if (run.Status.IsTerminal()) return;
        }
    }

    public override async Task<ListArtifactsResponse> ListArtifacts(ListArtifactsRequest request, ServerCallContext context)
    {
        var run = await Execution(request.ExecutionId).GetAsync();
        var response = new ListArtifactsResponse();
        foreach (var stage in run.Stages)
            foreach (var action in stage.Actions)
                response.Artifacts.AddRange(action.Outputs.Select(o => new ArtifactInfo
                {
                    Name = o.Name,
                    Digest = o.Digest.ToProto(),
                    Stage = stage.Name,
                    Action = action.Name,
                }));
        return response;
    }

    private IExecutionGrain Execution(string id) =>
        string.IsNullOrEmpty(id) ? throw FarmException.Invalid("an execution id is required") : grains.Get<IExecutionGrain>(id);
}
