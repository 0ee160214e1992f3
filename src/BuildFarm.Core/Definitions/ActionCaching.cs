namespace BuildFarm.Core.Definitions;

/// <summary>
/// Which actions the action result cache may serve. Only providers whose result is a function of their inputs, resolved
/// configuration and environment qualify (Commands, Buildspec); of those, Build and Test actions are cached unless they
/// say <c>cache: false</c> (or read farm secrets), and others (Compute) only when they say <c>cache: true</c>.
/// </summary>
public static class ActionCaching
{
    public static readonly IReadOnlyList<string> CacheableProviders = [ProviderCatalog.Commands.Name, ProviderCatalog.Buildspec.Name];

    public static readonly IReadOnlyList<string> CachedByDefault = [ActionCategory.Build, ActionCategory.Test];

    public static bool CanCache(ActionDefinition action) => CacheableProviders.Contains(action.Provider);

    /// <summary>
    /// An action whose job gets farm secrets is not cached unless it says <c>cache: true</c>: the key holds no secret
    /// values, so a rotated secret would otherwise be answered with a result made with the old one.
    /// </summary>
    public static bool IsCached(ActionDefinition action) =>
        CanCache(action) && (action.Cache ?? (CachedByDefault.Contains(action.Category) && !ReadsSecrets(action)));

    private static bool ReadsSecrets(ActionDefinition action) =>
        ProviderCatalog.Find(action.Provider)?.SecretNamesOf(action.Configuration).Any() == true;
}
