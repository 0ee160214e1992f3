namespace BuildFarm.Core.Buildspec;

public enum BatchKind { BuildList, BuildGraph, BuildMatrix, BuildFanout }

/// <summary>
/// A buildspec's <c>batch</c> section: several builds of one action, each a job of its own. <c>fast-fail</c> defaults to
/// false, as in CodeBuild: the running builds complete when one fails.
/// </summary>
public sealed record BuildspecBatch
{
    /// <summary>At most this many builds in one batch (CodeBuild's default maximumBuildsAllowed).</summary>
    public const int MaxBuilds = 100;

    public required BatchKind Kind { get; init; }
    public bool FastFail { get; init; }
    /// <summary>build-list and build-graph: the builds as declared.</summary>
    public IReadOnlyList<BatchTask> Tasks { get; init; } = [];
    /// <summary>build-matrix: the static part and the dimensions.</summary>
    public BatchMatrix? Matrix { get; init; }
    /// <summary>build-fanout: how many identical builds share the tests.</summary>
    public int Parallelism { get; init; }
    /// <summary>build-matrix (static) and build-fanout: whether a failed build leaves the batch successful.</summary>
    public bool IgnoreFailure { get; init; }

    /// <summary>When every build names another buildspec, this one's phases never run (and may be left out).</summary>
    public bool EveryBuildHasItsOwnBuildspec => Kind switch
    {
        BatchKind.BuildList or BatchKind.BuildGraph => Tasks.Count > 0 && Tasks.All(t => t.Buildspec is not null),
        BatchKind.BuildMatrix => Matrix is { Buildspecs.Count: > 0 },
        _ => false,
    };

    public static string NameOf(BatchKind kind) => kind switch
    {
        BatchKind.BuildList => "build-list",
        BatchKind.BuildGraph => "build-graph",
        BatchKind.BuildMatrix => "build-matrix",
        _ => "build-fanout",
    };
}

/// <summary>One build of a build-list or build-graph.</summary>
public sealed record BatchTask
{
    public required string Identifier { get; init; }
    /// <summary>Another buildspec for this build: a path in the primary source, or inline YAML; null for the action's own.</summary>
    public string? Buildspec { get; init; }
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> DependOn { get; init; } = [];
    public bool IgnoreFailure { get; init; }
}

/// <summary>build-matrix: every combination of the dynamic buildspecs and variable values, each with the static variables.</summary>
public sealed record BatchMatrix
{
    public IReadOnlyDictionary<string, string> StaticVariables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Buildspecs { get; init; } = [];
    public IReadOnlyList<MatrixVariable> Variables { get; init; } = [];

    /// <summary>How many builds the matrix makes.</summary>
    public int Size => Math.Max(1, Buildspecs.Count) * Variables.Aggregate(1, (product, v) => product * Math.Max(1, v.Values.Count));
}

public sealed record MatrixVariable(string Name, IReadOnlyList<string> Values);
