namespace BuildFarm.Core.Definitions;

/// <summary>Path rules that depend on where the declaration file lives (pure: no file system access).</summary>
public static class DefinitionPaths
{
    /// <summary>
    /// A copy in which every relative <c>Path</c> of a <c>Folder</c> action is made absolute against
    /// <paramref name="baseDirectory"/> (the directory of the pipeline file), as a user means it when writing <c>Path: .</c>. A path that holds a variable reference is left as written
    /// (what it names is known only when the execution runs).
    /// </summary>
    public static PipelineDefinition ResolveRelativeSourcePaths(PipelineDefinition definition, string baseDirectory)
    {
        if (!Path.IsPathFullyQualified(baseDirectory))
            throw new ArgumentException($"the base directory '{baseDirectory}' must be an absolute path", nameof(baseDirectory));
        return definition with
        {
            Stages = definition.Stages.Select(stage => stage with { Actions = stage.Actions.Select(a => Resolve(a, baseDirectory)).ToList() }).ToList(),
        };
    }

    private static ActionDefinition Resolve(ActionDefinition action, string baseDirectory)
    {
        const string key = "Path";
        if (action.Provider != ProviderCatalog.Folder.Name || !action.Configuration.TryGetValue(key, out var path)
            || path.Length == 0 || Path.IsPathFullyQualified(path) || path.Contains("#{", StringComparison.Ordinal))
            return action;
        var configuration = new Dictionary<string, string>(action.Configuration, StringComparer.Ordinal)
        {
            [key] = Path.GetFullPath(path, baseDirectory),
        };
        return action with { Configuration = configuration };
    }
}
