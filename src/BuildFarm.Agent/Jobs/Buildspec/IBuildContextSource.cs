using BuildFarm.Api.V1;
using CoreDigest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>What a Buildspec job asks of the farm: its build context at the start, and where its build cache goes at the end.</summary>
internal interface IBuildContextSource
{
    Task<BuildContext> GetAsync(Lease lease, string primaryInput, CancellationToken cancellationToken);

    Task PutCacheAsync(Lease lease, CoreDigest tree, CancellationToken cancellationToken);
}

/// <summary>The build number, the primary source's revision (when its source published one), and the saved cache.</summary>
internal sealed record BuildContext(long BuildNumber, string? SourceRevision, CoreDigest? CacheTree, string? CacheSavedBy, DateTimeOffset? CacheSavedAt);
