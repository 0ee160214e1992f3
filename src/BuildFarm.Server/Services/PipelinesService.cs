using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Definitions;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using Grpc.Core;

namespace BuildFarm.Server.Services;

public sealed partial class PipelinesService(IGrainFactory grains) : Pipelines.PipelinesBase
{
    public override async Task<ApplyPipelineResponse> ApplyPipeline(ApplyPipelineRequest request, ServerCallContext context)
    {
        var definition = DeclarationOf(request.Declaration);
        var outcome = await Pipeline(definition.Name).ApplyAsync(definition, Caller.Of(context).Name);
        return new ApplyPipelineResponse { Name = definition.Name, Version = outcome.Version, Changed = outcome.Changed };
    }

    public override Task<ValidatePipelineResponse> ValidatePipeline(ValidatePipelineRequest request, ServerCallContext context)
    {
        var response = new ValidatePipelineResponse();
        response.Problems.AddRange(DefinitionValidator.Validate(DeclarationOf(request.Declaration)).Select(p => p.ToProto()));
        return Task.FromResult(response);
    }

    public override async Task<ListPipelinesResponse> ListPipelines(ListPipelinesRequest request, ServerCallContext context)
    {
        var names = await grains.Get<ICatalogGrain>(CatalogKeys.Pipelines).ListAsync();
        var summaries = await Task.WhenAll(names.Select(n => Pipeline(n).GetSummaryAsync()));
        var response = new ListPipelinesResponse();
        foreach (var summary in summaries.OfType<Grains.PipelineSummary>())
        {
            var last = summary.LastExecutionId is { } id ? await grains.Get<IExecutionGrain>(id).GetSummaryAsync() : null;
            response.Pipelines.Add(new Api.V1.PipelineSummary
            {
                Name = summary.Name,
                LatestVersion = summary.LatestVersion,
                UpdatedAt = summary.UpdatedAt.ToProto(),
                StageCount = summary.StageCount,
                ActionCount = summary.ActionCount,
                LastExecutionId = summary.LastExecutionId ?? "",
                LastExecutionStatus = last?.Status.ToString() ?? "",
            });
        }
        return response;
    }

    public override async Task<GetPipelineResponse> GetPipeline(GetPipelineRequest request, ServerCallContext context)
    {
        var record = await Pipeline(RequireName(request.Name)).GetAsync(request.Version);
        return new GetPipelineResponse
        {
            Pipeline = new Api.V1.PipelineVersion
            {
                Version = record.Version,
                Declaration = record.Definition.ToProto(),
                AppliedAt = record.AppliedAt.ToProto(),
                AppliedBy = record.AppliedBy,
            },
            LatestVersion = record.LatestVersion,
        };
    }

    public override async Task<DeletePipelineResponse> DeletePipeline(DeletePipelineRequest request, ServerCallContext context)
    {
        await Pipeline(RequireName(request.Name)).DeleteAsync();
        return new DeletePipelineResponse();
    }

    private IPipelineGrain Pipeline(string name) => grains.Get<IPipelineGrain>(name);

    private static PipelineDefinition DeclarationOf(PipelineDeclaration? declaration)
    {
        if (declaration is null) throw FarmException.Invalid("the request has no declaration");
        RequireName(declaration.Name);
        return declaration.ToCore();
    }

    /// <summary>A name becomes a grain key, so it is checked before any grain is touched.</summary>
    internal static string RequireName(string name) =>
        string.IsNullOrEmpty(name) || name.Contains('/')
            ? throw FarmException.Invalid($"'{name}' is not a pipeline name (1-100 of A-Z a-z 0-9 . @ - _)")
            : name;
}
