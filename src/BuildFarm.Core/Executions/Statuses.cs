namespace BuildFarm.Core.Executions;

/// <summary>CodePipeline's pipeline-execution states.</summary>
public enum ExecutionStatus { InProgress, Stopping, Stopped, Succeeded, Superseded, Failed, Cancelled }

/// <summary>Waiting means the stage's gate has not admitted the execution yet.</summary>
public enum StageStatus { Pending, Waiting, InProgress, Succeeded, Failed, Stopped, Cancelled, Skipped }

public enum ActionStatus { Pending, Queued, InProgress, Succeeded, Failed, Abandoned }

public enum AttemptStatus { Queued, InProgress, Succeeded, Failed, Abandoned }

/// <summary>
/// Why an attempt failed. Infrastructure failures (the farm's fault, not the user's command) are told apart
/// from the user's exit code so that retry rules can match either.
/// </summary>
public enum ErrorKind
{
    None,
    CommandFailed,
    Timeout,
    Cancelled,
    WorkspaceError,
    ArtifactError,
    ConfigurationError,
    AgentLost,
    LeaseExpired,
    /// <summary>A manual approval was rejected.</summary>
    Rejected,
}

public static class StatusRules
{
    public static bool IsTerminal(this ExecutionStatus s) => s is not (ExecutionStatus.InProgress or ExecutionStatus.Stopping);

    public static bool IsInfrastructure(this ErrorKind kind) =>
        kind is ErrorKind.AgentLost or ErrorKind.LeaseExpired or ErrorKind.WorkspaceError or ErrorKind.ArtifactError;
}
