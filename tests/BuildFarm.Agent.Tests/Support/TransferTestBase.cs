using BuildFarm.Agent.Transfer;

namespace BuildFarm.Agent.Tests.Support;

/// <summary>A temp directory, an in-memory content store and a local cache in that directory.</summary>
public abstract class TransferTestBase : IDisposable
{
    private protected TempDirectory Dir { get; } = new();
    private protected InMemoryContentStore Store { get; } = new();
    private protected BlobCache Cache { get; }

    protected TransferTestBase() => Cache = new BlobCache(Dir.Combine("cache"));

    public void Dispose() => Dir.Dispose();
}
