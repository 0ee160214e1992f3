namespace BuildFarm.Grains;

public sealed class CatalogGrain([PersistentState("catalog", FarmGrainOptions.StorageName)] IPersistentState<SortedSet<string>> names)
    : Grain, ICatalogGrain
{
    public async Task AddAsync(string name)
    {
        if (names.State.Add(name)) await names.WriteStateAsync();
    }

    public async Task RemoveAsync(string name)
    {
        if (names.State.Remove(name)) await names.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(names.State.ToList());
}
