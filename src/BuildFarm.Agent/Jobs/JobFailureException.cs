using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Jobs;

/// <summary>Ends a job with a failure of a known kind; the message goes into the result and the job's log.</summary>
internal sealed class JobFailureException(ErrorKind kind, string message, int? exitCode = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
    public int? ExitCode { get; } = exitCode;
}
