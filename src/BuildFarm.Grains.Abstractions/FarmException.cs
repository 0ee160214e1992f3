using BuildFarm.Core.Definitions;

namespace BuildFarm.Grains;

/// <summary>Kinds of refusal a grain can answer with; the gRPC layer maps each to its status code.</summary>
public enum FarmErrorCode { InvalidArgument, NotFound, FailedPrecondition, AlreadyExists, PermissionDenied, Unavailable }

/// <summary>A domain refusal that crosses grain calls intact (a plain exception would lose its kind).</summary>
[GenerateSerializer, Alias("farm-exception")]
public sealed class FarmException : Exception
{
    [Id(0)] public FarmErrorCode Code { get; }
    [Id(1)] public IReadOnlyList<Problem> Problems { get; }

    public FarmException(FarmErrorCode code, string message, IReadOnlyList<Problem>? problems = null) : base(message)
    {
        Code = code;
        Problems = problems ?? [];
    }

    public static FarmException NotFound(string message) => new(FarmErrorCode.NotFound, message);
    public static FarmException Precondition(string message) => new(FarmErrorCode.FailedPrecondition, message);
    public static FarmException Invalid(string message, IReadOnlyList<Problem>? problems = null) => new(FarmErrorCode.InvalidArgument, message, problems);
}
