using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Triggers;

/// <summary>
/// Upstream triggers across pipelines must not form a loop: A starting B starting A would run for ever. A single
/// declaration can only see its own self-loop (the validator's rule); this looks at the farm's registered edges.
/// </summary>
public static class UpstreamCycles
{
    /// <summary>
    /// One problem per upstream trigger of <paramref name="definition"/> whose pipeline already starts, directly or
    /// through others, after this one. <paramref name="downstream"/> maps a pipeline to the pipelines its success starts.
    /// </summary>
    public static IReadOnlyList<Problem> Find(PipelineDefinition definition, IReadOnlyDictionary<string, IReadOnlyList<string>> downstream)
    {
        var problems = new List<Problem>();
        for (var i = 0; i < definition.Triggers.Count; i++)
        {
            if (definition.Triggers[i].Upstream is not { } upstream || upstream.Pipeline == definition.Name) continue;
            if (PathBetween(definition.Name, upstream.Pipeline, downstream) is not { } path) continue;
            problems.Add(new Problem($"triggers[{i}].upstream.pipeline",
                $"pipeline '{upstream.Pipeline}' already starts after '{definition.Name}' ({string.Join(" -> ", path)}); "
                + $"this trigger would close a loop that runs for ever. Remove it, or the trigger that makes '{upstream.Pipeline}' follow '{definition.Name}'"));
        }
        return problems;
    }

    /// <summary>The shortest chain of upstream edges from <paramref name="from"/> to <paramref name="to"/>, both included; null when none.</summary>
    private static List<string>? PathBetween(string from, string to, IReadOnlyDictionary<string, IReadOnlyList<string>> downstream)
    {
        var parent = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var pipeline))
        {
            if (pipeline == to)
            {
                var path = new List<string> { to };
                while (path[^1] != from) path.Add(parent[path[^1]]);
                path.Reverse();
                return path;
            }
            foreach (var next in downstream.GetValueOrDefault(pipeline) ?? [])
                if (parent.TryAdd(next, pipeline)) queue.Enqueue(next);
        }
        return null;
    }
}
