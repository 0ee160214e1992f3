using System.Security.Cryptography;

namespace BuildFarm.Grains;

/// <summary>An agent credential is <c>{agent id}.{secret}</c>: the id says which agent grain checks the secret.</summary>
public static class AgentCredential
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewAgentId() => "ag-" + RandomNumberGenerator.GetString(Alphabet, 10);

    public static string Format(string agentId, string secret) => $"{agentId}.{secret}";

    public static bool TryParse(string credential, out string agentId, out string secret)
    {
        var dot = credential.IndexOf('.');
        agentId = dot > 0 ? credential[..dot] : "";
        secret = dot > 0 ? credential[(dot + 1)..] : "";
        return agentId.StartsWith("ag-", StringComparison.Ordinal) && secret.Length > 0;
    }
}
