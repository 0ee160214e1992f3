using System.Text.Json;

namespace BuildFarm.Api.Local;

/// <summary>
/// The files a local farm keeps in its data folder for the CLI on the same machine: where the server listens and
/// the tokens it made. The server writes them; `farm` reads them when no --server/--token is given.
/// </summary>
public sealed class LocalFarmFiles(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);
    public string ServerFile => Path.Combine(DataDirectory, "server.json");
    public string AdminTokenFile => Path.Combine(DataDirectory, "tokens", "admin.token");
    public string RegistrationTokenFile => Path.Combine(DataDirectory, "tokens", "registration.token");

    public sealed record ServerEndpoint(string Grpc, string Http, int ProcessId);

    public void WriteServerEndpoint(ServerEndpoint endpoint)
    {
        Directory.CreateDirectory(DataDirectory);
        var temp = ServerFile + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(endpoint));
        File.Move(temp, ServerFile, overwrite: true);
    }

    public ServerEndpoint? ReadServerEndpoint() =>
        File.Exists(ServerFile) ? JsonSerializer.Deserialize<ServerEndpoint>(File.ReadAllText(ServerFile)) : null;

    public void DeleteServerEndpoint()
    {
        if (File.Exists(ServerFile)) File.Delete(ServerFile);
    }

    public string? ReadAdminToken() => File.Exists(AdminTokenFile) ? File.ReadAllText(AdminTokenFile).Trim() : null;

    public string? ReadRegistrationToken() => File.Exists(RegistrationTokenFile) ? File.ReadAllText(RegistrationTokenFile).Trim() : null;
}
