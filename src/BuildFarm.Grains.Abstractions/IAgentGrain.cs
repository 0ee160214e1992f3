using BuildFarm.Core.Executions;

namespace BuildFarm.Grains;

/// <summary>One registered agent (keyed by agent id): its registration, credential and last heartbeat.</summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Records the registration and answers the agent's credential (only a hash of its secret is kept).</summary>
    Task<string> RegisterAsync(AgentRegistration registration);

    [ReadOnly] Task<AgentIdentity?> AuthenticateAsync(string secret);

    Task HeartbeatAsync(IReadOnlyList<LeaseRef> running);

    [ReadOnly] Task<AgentSnapshot?> GetAsync();
}

[GenerateSerializer, Immutable, Alias("agent-registration")]
public sealed record AgentRegistration
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required Dictionary<string, string> Labels { get; init; }
    [Id(2)] public required int Slots { get; init; }
    [Id(3)] public string Os { get; init; } = "";
    [Id(4)] public string Arch { get; init; } = "";
    [Id(5)] public string Version { get; init; } = "";
}

/// <summary>Who an agent is, with the labels it registered: the queue hands it only jobs whose required labels it has.</summary>
[GenerateSerializer, Immutable, Alias("agent-identity")]
public sealed record AgentIdentity([property: Id(0)] string AgentId, [property: Id(1)] string Name)
{
    [Id(2)] public Dictionary<string, string> Labels { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("agent-snapshot")]
public sealed record AgentSnapshot
{
    [Id(0)] public required string AgentId { get; init; }
    [Id(1)] public required AgentRegistration Registration { get; init; }
    [Id(2)] public required DateTimeOffset RegisteredAt { get; init; }
    [Id(3)] public DateTimeOffset? LastHeartbeatAt { get; init; }
    [Id(4)] public IReadOnlyList<string> RunningJobs { get; init; } = [];
    /// <summary>False when no heartbeat came for three heartbeat intervals (the agent is lost or cut off).</summary>
    [Id(5)] public bool Online { get; init; }
}
