namespace BuildFarm.Core.Executions;

public enum ExecutionRuleError { InvalidArgument, NotFound, FailedPrecondition }

/// <summary>A request that the execution rules refuse; hosts map the kind to a status code.</summary>
public sealed class ExecutionRuleException(ExecutionRuleError kind, string message) : Exception(message)
{
    public ExecutionRuleError Kind { get; } = kind;
}
