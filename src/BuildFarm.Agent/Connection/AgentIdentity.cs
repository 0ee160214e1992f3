namespace BuildFarm.Agent.Connection;

/// <summary>What Register answered, and what the agent registered as (a change of those means registering again).</summary>
internal sealed record AgentIdentity
{
    public required string AgentId { get; init; }
    public required string Credential { get; init; }
    public required TimeSpan HeartbeatInterval { get; init; }
    public required TimeSpan LeaseTtl { get; init; }
    public required string Name { get; init; }
    public required int Slots { get; init; }
    public required Dictionary<string, string> Labels { get; init; }

    public bool RegisteredAs(AgentOptions options) =>
        Name == options.Name && Slots == options.Slots
        && Labels.Count == options.Labels.Count
        && options.Labels.All(l => Labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
