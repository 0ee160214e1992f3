using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Grains;
using Grpc.Core;

namespace BuildFarm.Server.Services;

public sealed class TriggersService(IGrainFactory grains) : Api.V1.Triggers.TriggersBase
{
    public override async Task<ListTriggersResponse> ListTriggers(ListTriggersRequest request, ServerCallContext context)
    {
        var name = PipelinesService.RequireName(request.Pipeline);
        if (await grains.Get<IPipelineGrain>(name).GetSummaryAsync() is null) throw FarmException.NotFound($"pipeline '{name}' does not exist");
        var response = new ListTriggersResponse();
        foreach (var t in await grains.Get<IPipelineTriggersGrain>(name).ListAsync())
        {
            var status = new TriggerStatus
            {
                Source = t.Source,
                Kind = t.Kind,
                Watches = t.Watches,
                LastCheckAt = t.LastCheckAt.ToProto(),
                LastResult = t.LastResult ?? "",
                NextAt = t.NextAt.ToProto(),
                Problem = t.Problem ?? "",
            };
            status.Started.AddRange(t.Started.Select(s => new TriggeredExecution
            {
                ExecutionId = s.ExecutionId ?? "",
                At = ((DateTimeOffset?)s.At).ToProto(),
                Detail = s.Detail,
                Skipped = s.Skipped ?? "",
            }));
            response.Triggers.Add(status);
        }
        return response;
    }
}
