namespace BuildFarm.Grains;

/// <summary>
/// A durable set of names, for listing what has no natural owner to ask: pipelines, agents, active executions.
/// Keys: <see cref="CatalogKeys"/>.
/// </summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    Task AddAsync(string name);
    Task RemoveAsync(string name);
    [ReadOnly] Task<IReadOnlyList<string>> ListAsync();
}

public static class CatalogKeys
{
    public const string Pipelines = "pipelines";
    public const string Agents = "agents";
    /// <summary>Executions not yet ended: a starting server wakes each of them.</summary>
    public const string ActiveExecutions = "active-executions";
    /// <summary>Watched repositories (their keys): a starting server wakes each, so polling resumes.</summary>
    public const string Repositories = "repositories";
    /// <summary>Schedule grain keys: a starting server wakes each, so a slot missed while down is caught up at once.</summary>
    public const string Schedules = "schedules";
    /// <summary>Agent pools whose queue was ever used, so that work waiting in a pool no agent serves can be listed.</summary>
    public const string Pools = "pools";
}
