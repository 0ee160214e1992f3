namespace BuildFarm.Grains;

/// <summary>A queued job and the lease id the dispatcher offers for it.</summary>
[GenerateSerializer, Immutable, Alias("lease-offer")]
public sealed record LeaseOffer([property: Id(0)] string JobId, [property: Id(1)] string LeaseId);
