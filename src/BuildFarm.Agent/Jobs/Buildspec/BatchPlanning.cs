using BuildFarm.Agent.Logs;
using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Executions;
using ErrorKind = BuildFarm.Core.Executions.ErrorKind;

namespace BuildFarm.Agent.Jobs.Buildspec;

/// <summary>
/// The job of a Buildspec action whose buildspec has a batch: it plans the builds (checking every buildspec file a build
/// names, which only the source holds) and answers them; the server queues each as a job of its own.
/// </summary>
internal static class BatchPlanning
{
    public static JobResult Plan(BuildspecBatch batch, string source, IReadOnlyList<string> outputs, Func<string, BuildspecDefinition> load, LogChunker log)
    {
        var plan = BatchPlanner.Plan(batch);
        foreach (var file in plan.Children.Select(c => c.Buildspec).OfType<string>().Where(b => !BuildspecConfiguration.IsInline(b)).Distinct())
        {
            var own = load(file);
            if (own.Batch is not null)
                throw new JobFailureException(ErrorKind.ConfigurationError, $"{file}: a build of a batch cannot have a batch of its own; leave 'batch' out of it");
            if (BuildspecOutputs.Map(own, outputs).Problems is { Count: > 0 } problems)
                throw new JobFailureException(ErrorKind.ConfigurationError, $"{file}: {string.Join("; ", problems)}");
        }
        log.WriteLine($"[farm] {source}: batch {plan.Kind} of {plan.Children.Count} build{(plan.Children.Count == 1 ? "" : "s")}" +
                      (plan.FastFail ? ", fast-fail" : "") + "; each build runs as a job of its own");
        foreach (var child in plan.Children) log.WriteLine($"[farm]   {Describe(child)}");
        return new JobResult { Succeeded = true, ExitCode = 0, Batch = plan };
    }

    private static string Describe(BatchChildPlan child)
    {
        var parts = new List<string>();
        if (child.ShardCount > 0) parts.Add($"shard {child.ShardIndex} of {child.ShardCount}");
        if (child.Buildspec is { } buildspec) parts.Add(BuildspecConfiguration.IsInline(buildspec) ? "inline buildspec" : $"buildspec {buildspec}");
        if (child.Variables.Count > 0) parts.Add(string.Join(" ", child.Variables.Select(v => $"{v.Key}={v.Value}")));
        if (child.DependOn.Count > 0) parts.Add($"after {string.Join(", ", child.DependOn)}");
        if (child.IgnoreFailure) parts.Add("may fail");
        return child.Identifier + (parts.Count == 0 ? "" : $": {string.Join(", ", parts)}");
    }
}
