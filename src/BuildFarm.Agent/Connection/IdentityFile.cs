using System.Text.Json;

namespace BuildFarm.Agent.Connection;

/// <summary><c>{WorkDirectory}/agent.json</c>: the agent's identity across restarts. It holds a credential: owner-only.</summary>
internal sealed class IdentityFile(string workDirectory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = System.IO.Path.Combine(workDirectory, "agent.json");

    /// <summary>Null when there is none or it cannot be read (the agent then registers again).</summary>
    public AgentIdentity? Load()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            return JsonSerializer.Deserialize<AgentIdentity>(File.ReadAllText(Path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(AgentIdentity identity)
    {
        var temp = Path + ".tmp";
        File.WriteAllText(temp, "");
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temp, JsonSerializer.Serialize(identity, Json));
        File.Move(temp, Path, overwrite: true);
    }
}
