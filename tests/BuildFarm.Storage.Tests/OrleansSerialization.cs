using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace BuildFarm.Storage.Tests;

/// <summary>Orleans' serializer and activators, as a silo would resolve them, without a silo.</summary>
public sealed class OrleansSerialization : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(TestState).Assembly))
        .BuildServiceProvider();

    public IGrainStorageSerializer StorageSerializer => new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>());

    public IActivatorProvider Activators => _services.GetRequiredService<IActivatorProvider>();

    public void Dispose() => _services.Dispose();
}
