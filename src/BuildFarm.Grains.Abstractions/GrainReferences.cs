namespace BuildFarm.Grains;

/// <summary>
/// Grain references by string key, the way the farm asks for them. Orleans' <c>GetGrain&lt;T&gt;(string)</c> resolves the
/// interface's grain type by reflection and type-name formatting on every call (Orleans 10.4), about a tenth of the
/// server's CPU per action; the types are resolved once per interface here, and a reference costs a lookup.
/// </summary>
public static class GrainReferences
{
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        // The mapping from interface to grain class is fixed by the loaded assemblies: the same for every factory in the process.
        var (grainType, interfaceType) = Resolved<T>.Types ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)grains.GetGrain<T>("-");
        return (reference.GrainId.Type, reference.InterfaceType);
    }

    private static class Resolved<T>
    {
        public static (GrainType, GrainInterfaceType)? Types;
    }
}
