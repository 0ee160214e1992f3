namespace BuildFarm.Core.Triggers;

/// <summary>
/// When to post a final commit status again. Endpoints that are down or busy (network errors, 408, 429, 5xx) are
/// tried again with a growing wait; an answer that says the request itself is wrong (other 4xx: bad token, unknown
/// commit) is not, since repeating it cannot succeed.
/// </summary>
public static class CommitStatusDelivery
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait before the next attempt after <paramref name="attempts"/> failed ones, the last answered with
    /// <paramref name="httpStatus"/> (null: no answer); null when the status should be given up.
    /// </summary>
    public static TimeSpan? NextWait(int attempts, int? httpStatus)
    {
        if (httpStatus is >= 400 and < 500 and not 408 and not 429) return null;
        if (attempts >= MaxAttempts) return null;
        var wait = FirstWait * Math.Pow(2, Math.Max(0, attempts - 1));
        return wait < LongestWait ? wait : LongestWait;
    }
}
