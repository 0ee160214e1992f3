namespace BuildFarm.Core.Buildspec;

/// <summary>The depend-on graph of a build-graph batch.</summary>
public static class BuildGraph
{
    /// <summary>A cycle of identifiers (first repeated at the end), or null when the builds can run in some order.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<BatchTask> tasks)
    {
        var dependencies = tasks.ToDictionary(t => t.Identifier, t => t.DependOn, StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            state[node] = false;
            path.Add(node);
            foreach (var next in dependencies.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }

        foreach (var task in tasks)
            if (Visit(task.Identifier) is { } cycle) return cycle;
        return null;
    }
}
