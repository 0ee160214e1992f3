using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Core.Buildspec;
using BuildFarm.Grains;
using BuildFarm.Server.Security;
using Grpc.Core;
using CoreDigest = BuildFarm.Core.Content.Digest;
using JobId = BuildFarm.Core.Executions.JobId;

namespace BuildFarm.Server.Services;

/// <summary>The Buildspec provider's calls: build context and build cache, for the pipeline action of a live lease only.</summary>
public sealed partial class AgentsService
{
    public override async Task<GetBuildContextResponse> GetBuildContext(GetBuildContextRequest request, ServerCallContext context)
    {
        var (execution, key, lease) = await LiveLeaseAsync(request.Lease);
        var record = await grains.Get<IBuildCacheGrain>(key).BeginAsync(lease.JobId);
        var response = new GetBuildContextResponse { BuildNumber = record.BuildNumber, CacheSavedBy = record.SavedBy ?? "" };
        if (request.PrimaryInput.Length > 0 && SourceRevisions.Of(execution, request.PrimaryInput) is { } revision) response.SourceRevision = revision;
        if (record.TreeHash is { } hash)
        {
            response.CacheTree = new CoreDigest(hash, record.TreeSize).ToProto();
            response.CacheSavedAt = record.SavedAt.ToProto();
        }
        return response;
    }

    public override async Task<PutBuildCacheResponse> PutBuildCache(PutBuildCacheRequest request, ServerCallContext context)
    {
        if (request.Tree is not { } tree || !CoreDigest.IsWellFormed(tree.Hash, tree.SizeBytes))
            throw FarmException.Invalid("tree: a build cache needs a well-formed tree digest");
        var (_, key, lease) = await LiveLeaseAsync(request.Lease);
        await grains.Get<IBuildCacheGrain>(key).PutAsync(lease.JobId, tree.Hash, tree.SizeBytes, Caller.AgentOf(context).Name);
        return new PutBuildCacheResponse();
    }

    private async Task<(Core.Executions.ExecutionRun Execution, string Key, Core.Executions.LeaseRef Lease)> LiveLeaseAsync(Lease? proto)
    {
        var lease = LeaseOf(proto);
        var executionGrain = grains.Get<IExecutionGrain>(lease.ExecutionId);
        if (!JobId.TryParse(lease.JobId, out var job) || !await executionGrain.IsLeaseLiveAsync(lease.JobId, lease.LeaseId))
            throw FarmException.Precondition($"lease '{lease.LeaseId}' of job '{lease.JobId}' is no longer live");
        var execution = await executionGrain.GetAsync();
        return (execution, BuildCacheRecord.Key(execution.Pipeline, job.Stage, job.Action), lease);
    }
}
