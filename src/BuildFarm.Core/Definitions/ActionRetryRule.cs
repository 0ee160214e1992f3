namespace BuildFarm.Core.Definitions;

/// <summary>
/// When a failed attempt of an action is tried again, in the same stage run: on infrastructure failures (agent lost,
/// lease expired, workspace or artifact error) unless turned off, and on the listed exit codes; at most
/// <see cref="MaxAttempts"/> attempts in all. Without a rule, <see cref="Default"/> applies.
/// </summary>
public sealed record ActionRetryRule
{
    public const int DefaultMaxAttempts = 3;
    public const int MaxMaxAttempts = 10;

    public static readonly ActionRetryRule Default = new();

    public int MaxAttempts { get; init; } = DefaultMaxAttempts;
    public IReadOnlyList<int> OnExitCodes { get; init; } = [];
    public bool OnInfrastructureFailure { get; init; } = true;
}
