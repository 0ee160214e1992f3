using System.Security.Cryptography;
using System.Text;
using BuildFarm.Core.Executions;
using Microsoft.Extensions.Options;

namespace BuildFarm.Grains;

[GenerateSerializer, Alias("agent-state")]
public sealed class AgentState
{
    [Id(0)] public AgentRegistration? Registration { get; set; }
    [Id(1)] public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>SHA-256 of the credential secret; the secret itself is never stored.</summary>
    [Id(2)] public string CredentialHash { get; set; } = "";
}

/// <summary>One agent's registration and liveness. Heartbeats stay in memory: they are frequent and worthless after a restart.</summary>
public sealed class AgentGrain(
    [PersistentState("agent", FarmGrainOptions.StorageName)] IPersistentState<AgentState> agent,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<FarmGrainOptions> options) : Grain, IAgentGrain
{
    private DateTimeOffset? lastHeartbeat;
    private IReadOnlyList<string> runningJobs = [];

    private string Id => this.GetPrimaryKeyString();

    public async Task<string> RegisterAsync(AgentRegistration registration)
    {
        var secret = RandomNumberGenerator.GetHexString(48, lowercase: true);
        agent.State = new AgentState { Registration = registration, RegisteredAt = time.GetUtcNow(), CredentialHash = Hash(secret) };
        await agent.WriteStateAsync();
        await grains.Get<ICatalogGrain>(CatalogKeys.Agents).AddAsync(Id);
        lastHeartbeat = time.GetUtcNow();
        return AgentCredential.Format(Id, secret);
    }

    public Task<AgentIdentity?> AuthenticateAsync(string secret)
    {
        var known = agent.State.Registration is { } registration
                    && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(agent.State.CredentialHash));
        return Task.FromResult(known
            ? new AgentIdentity(Id, agent.State.Registration!.Name) { Labels = new Dictionary<string, string>(agent.State.Registration.Labels) }
            : null);
    }

    public Task HeartbeatAsync(IReadOnlyList<LeaseRef> running)
    {
        lastHeartbeat = time.GetUtcNow();
        runningJobs = running.Select(l => l.JobId).ToList();
        return Task.CompletedTask;
    }

    public Task<AgentSnapshot?> GetAsync() => Task.FromResult(agent.State.Registration is not { } registration ? null : new AgentSnapshot
    {
        AgentId = Id,
        Registration = registration,
        RegisteredAt = agent.State.RegisteredAt,
        LastHeartbeatAt = lastHeartbeat,
        RunningJobs = runningJobs,
        Online = lastHeartbeat is { } seen && time.GetUtcNow() - seen < 3 * options.Value.HeartbeatInterval,
    });

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
