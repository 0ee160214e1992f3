using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Buildspec;

/// <summary>
/// Turns a batch section into its builds. build-list and build-graph keep their identifiers; a matrix makes
/// <c>matrix_1</c>..<c>matrix_N</c> in the order of the combinations (buildspecs outermost, then the variables as
/// declared, the last one changing fastest); a fan-out makes <c>shard_1</c>..<c>shard_N</c>.
/// </summary>
public static class BatchPlanner
{
    public static BatchPlan Plan(BuildspecBatch batch) => new()
    {
        Kind = BuildspecBatch.NameOf(batch.Kind),
        FastFail = batch.FastFail,
        Children = batch.Kind switch
        {
            BatchKind.BuildList or BatchKind.BuildGraph => batch.Tasks.Select(t => new BatchChildPlan
            {
                Identifier = t.Identifier,
                Variables = t.Variables,
                Buildspec = t.Buildspec,
                DependOn = t.DependOn,
                IgnoreFailure = t.IgnoreFailure,
            }).ToList(),
            BatchKind.BuildMatrix => Matrix(batch.Matrix ?? new BatchMatrix(), batch.IgnoreFailure),
            _ => Enumerable.Range(1, batch.Parallelism).Select(i => new BatchChildPlan
            {
                Identifier = $"shard_{i}",
                IgnoreFailure = batch.IgnoreFailure,
                ShardIndex = i,
                ShardCount = batch.Parallelism,
            }).ToList(),
        },
    };

    private static List<BatchChildPlan> Matrix(BatchMatrix matrix, bool ignoreFailure)
    {
        IEnumerable<(string? Buildspec, Dictionary<string, string> Variables)> combinations =
            (matrix.Buildspecs.Count == 0 ? [null] : matrix.Buildspecs.Select(b => (string?)b))
            .Select(b => (b, new Dictionary<string, string>(matrix.StaticVariables, StringComparer.Ordinal)));
        foreach (var dimension in matrix.Variables)
            combinations = combinations.SelectMany(c => dimension.Values.Select(value =>
                (c.Buildspec, new Dictionary<string, string>(c.Variables, StringComparer.Ordinal) { [dimension.Name] = value })));
        return combinations.Select((c, i) => new BatchChildPlan
        {
            Identifier = $"matrix_{i + 1}",
            Buildspec = c.Buildspec,
            Variables = c.Variables,
            IgnoreFailure = ignoreFailure,
        }).ToList();
    }
}
