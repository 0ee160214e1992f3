namespace BuildFarm.Git;

/// <summary>How one git command ended: its exit code and what it printed.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of standard error, for a failure message.</summary>
    public string ErrorTail => string.Join(" ", Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

/// <summary>A git command that failed; the message holds the command and git's own words.</summary>
public sealed class GitException(string message) : Exception(message);
