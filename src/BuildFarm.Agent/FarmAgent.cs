namespace BuildFarm.Agent;

/// <summary>One agent: registers, then runs its worker loop and heartbeat loop until cancelled.</summary>
public sealed class FarmAgent(AgentOptions options)
{
    public AgentOptions Options { get; } = options;

    public Task RunAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
