using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BuildFarm.Grains;

public static class SerializationSetup
{
    /// <summary>
    /// Core's domain types carry no Orleans attributes (Core knows nothing of Orleans); they cross grain calls and
    /// reach grain storage as System.Text.Json, which tolerates added fields, so state stays readable across versions.
    /// </summary>
    public static IServiceCollection AddBuildFarmSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("BuildFarm.Core", StringComparison.Ordinal) == true));
}
