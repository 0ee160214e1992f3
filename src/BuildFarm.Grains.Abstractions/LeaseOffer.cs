using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>A queued job, the lease id the dispatcher offers for it, and the agent that asked.</summary>
[GenerateSerializer, Immutable, Alias("lease-offer")]
public sealed record LeaseOffer([property: Id(0)] string JobId, [property: Id(1)] string LeaseId, [property: Id(2)] string AgentId, [property: Id(3)] string AgentName);

/// <summary>A job's result as its agent reported it under its lease.</summary>
[GenerateSerializer, Immutable, Alias("job-completion")]
public sealed record JobCompletion([property: Id(0)] string JobId, [property: Id(1)] string LeaseId, [property: Id(2)] JobResult Result);
