using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Buildspec;

/// <summary>
/// What reading a buildspec gave: the buildspec (null when a problem makes it unusable) and every problem, each with
/// its path inside the buildspec (<c>phases.build.on-failure</c>).
/// </summary>
public sealed record BuildspecParseResult(BuildspecDefinition? Buildspec, IReadOnlyList<Problem> Problems)
{
    public bool IsValid => Buildspec is not null && Problems.Count == 0;

    /// <summary>Every problem on one line each, for a job's failure message.</summary>
    public string Describe() => string.Join("; ", Problems.Select(p => p.ToString()));
}
