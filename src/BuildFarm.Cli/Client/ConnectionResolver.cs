using BuildFarm.Api.Local;

namespace BuildFarm.Cli.Client;

/// <summary>
/// Finds the farm to talk to, in one order for every command: --server/--token, else FARM_SERVER/FARM_TOKEN,
/// else the local farm's files in the data folder (server.json, tokens/admin.token).
/// </summary>
public static class ConnectionResolver
{
    /// <remarks>A token read from the local files goes only to the local server, never to an address typed elsewhere.</remarks>
    public static FarmConnection Resolve(ConnectionSettings settings)
    {
        var local = new LocalFarmFiles(settings.ResolveDataDirectory());
        var localEndpoint = ReadEndpoint(local);

        var (server, serverSource) = FindServer(settings, local, localEndpoint) ?? throw new CliException(
            $"no farm server to talk to: {local.ServerFile} does not exist. Start a local farm with 'farm up', " +
            $"or pass --server URL and --token TOKEN (or set {ConnectionSettings.ServerVariable} and {ConnectionSettings.TokenVariable}).");
        var address = ParseAddress(server, serverSource);

        var token = ConnectionSettings.NonEmpty(settings.Token)
            ?? ConnectionSettings.NonEmpty(settings.Environment(ConnectionSettings.TokenVariable))
            ?? (IsLocal(localEndpoint, local, [address]) ? local.ReadAdminToken() : null)
            ?? throw new CliException(
                $"no API token for {address}: pass --token TOKEN or set {ConnectionSettings.TokenVariable} " +
                $"(a local farm keeps its admin token in {local.AdminTokenFile}).");

        return new FarmConnection(address, token, serverSource);
    }

    /// <summary>
    /// Where an agent registers: --server (a comma-separated list), else FARM_SERVER, else the local farm's server.json;
    /// with --token, else FARM_REGISTRATION_TOKEN, else the local farm's registration token.
    /// </summary>
    public static AgentTarget ResolveAgent(ConnectionSettings settings)
    {
        var local = new LocalFarmFiles(settings.ResolveDataDirectory());
        var localEndpoint = ReadEndpoint(local);
        var (servers, source) = FindServer(settings, local, localEndpoint) ?? throw new CliException(
            $"no farm server to register with: pass --server URL[,URL...] or set {ConnectionSettings.ServerVariable} " +
            $"({local.ServerFile}, written by a local farm, does not exist)");
        var addresses = servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => ParseAddress(s, source))
            .ToList();
        if (addresses.Count == 0) throw new CliException($"{source}: no server address given; expected URL[,URL...]");
        var token = ConnectionSettings.NonEmpty(settings.Token)
            ?? ConnectionSettings.NonEmpty(settings.Environment(ConnectionSettings.RegistrationTokenVariable))
            ?? (IsLocal(localEndpoint, local, addresses) ? local.ReadRegistrationToken() : null)
            ?? throw new CliException($"no registration token: pass --token TOKEN or set {ConnectionSettings.RegistrationTokenVariable} " +
                $"(a local farm keeps it in {local.RegistrationTokenFile})");
        return new AgentTarget(addresses, token);
    }

    /// <summary>Accepts <c>http://host:port</c>, <c>https://host:port</c>, or a bare <c>host:port</c> (taken as http).</summary>
    public static Uri ParseAddress(string value, string source)
    {
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new CliException($"{source}: '{value}' is not a server address; expected http://HOST:PORT or https://HOST:PORT");
        return uri;
    }

    private static (string Value, string Source)? FindServer(ConnectionSettings settings, LocalFarmFiles local, LocalFarmFiles.ServerEndpoint? localEndpoint) =>
        ConnectionSettings.NonEmpty(settings.Server) is { } flag ? (flag, "--server")
        : ConnectionSettings.NonEmpty(settings.Environment(ConnectionSettings.ServerVariable)) is { } env ? (env, ConnectionSettings.ServerVariable)
        : localEndpoint is not null ? (localEndpoint.Grpc, local.ServerFile)
        : null;

    private static LocalFarmFiles.ServerEndpoint? ReadEndpoint(LocalFarmFiles files)
    {
        try
        {
            return files.ReadServerEndpoint();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliException($"{files.ServerFile} is not valid JSON ({e.Message}); delete it and start the farm again");
        }
    }

    private static bool IsLocal(LocalFarmFiles.ServerEndpoint? endpoint, LocalFarmFiles files, IReadOnlyList<Uri> addresses) =>
        endpoint is not null && addresses.All(a => SameServer(ParseAddress(endpoint.Grpc, files.ServerFile), a));

    private static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
