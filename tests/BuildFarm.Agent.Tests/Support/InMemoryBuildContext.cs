using BuildFarm.Agent.Jobs.Buildspec;
using BuildFarm.Api.V1;
using Digest = BuildFarm.Core.Content.Digest;

namespace BuildFarm.Agent.Tests.Support;

/// <summary>The farm's side of build numbers and the build cache, in memory (the server keeps it in a grain).</summary>
internal sealed class InMemoryBuildContext : IBuildContextSource
{
    private long builds;

    public Digest? Cache { get; private set; }
    public string? SourceRevision { get; set; }
    public int Puts { get; private set; }

    public Task<BuildContext> GetAsync(Lease lease, string primaryInput, CancellationToken cancellationToken) =>
        Task.FromResult(new BuildContext(Interlocked.Increment(ref builds), SourceRevision, Cache, Cache is null ? null : "an earlier job", DateTimeOffset.UtcNow));

    public Task PutCacheAsync(Lease lease, Digest tree, CancellationToken cancellationToken)
    {
        Cache = tree;
        Puts++;
        return Task.CompletedTask;
    }
}
