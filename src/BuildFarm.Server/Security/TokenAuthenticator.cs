using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BuildFarm.Grains;

namespace BuildFarm.Server.Security;

/// <summary>
/// Turns a bearer token into a caller: the admin token, the registration token, or an agent credential (checked
/// by its agent grain once, then remembered for this node's lifetime).
/// </summary>
public sealed class TokenAuthenticator(ServerTokens tokens, IGrainFactory grains)
{
    private readonly byte[] adminHash = Hash(tokens.AdminToken);
    private readonly byte[] registrationHash = Hash(tokens.RegistrationToken);
    private readonly ConcurrentDictionary<string, AgentIdentity> knownAgents = new();

    public async ValueTask<Caller?> AuthenticateAsync(string token)
    {
        if (knownAgents.TryGetValue(token, out var cached)) return new Caller(CallerKind.Agent, cached.Name, cached);
        var hash = Hash(token);
        if (CryptographicOperations.FixedTimeEquals(hash, adminHash)) return new Caller(CallerKind.Admin, "admin");
        if (CryptographicOperations.FixedTimeEquals(hash, registrationHash)) return new Caller(CallerKind.Registration, "registration");
        if (!AgentCredential.TryParse(token, out var agentId, out var secret)) return null;
        var agent = await grains.Get<IAgentGrain>(agentId).AuthenticateAsync(secret);
        if (agent is null) return null;
        knownAgents[token] = agent;
        return new Caller(CallerKind.Agent, agent.Name, agent);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

/// <summary>The node's admin and registration tokens.</summary>
public sealed record ServerTokens(string AdminToken, string RegistrationToken);
