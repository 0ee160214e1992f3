using BuildFarm.Api.Local;
using BuildFarm.Api.V1;

namespace BuildFarm.Bench.Launch;

/// <summary>
/// A farm of real processes for one scenario: `farm server` on a fresh data folder (plus its profile's backends)
/// and `farm agent` processes, reached over the public gRPC API. Disposing stops everything and deletes the folder.
/// </summary>
public sealed class BenchFarm : IAsyncDisposable
{
    private readonly List<ChildProcess> agents = [];
    private readonly ProfileBackends backends;

    private BenchFarm(string root, ChildProcess server, FarmApi api, Uri address, string registrationToken, ProfileBackends backends)
    {
        Root = root;
        Server = server;
        Api = api;
        Address = address;
        RegistrationToken = registrationToken;
        this.backends = backends;
    }

    public string Root { get; }
    public ChildProcess Server { get; }
    public FarmApi Api { get; }
    public Uri Address { get; }
    public string RegistrationToken { get; }
    /// <summary>The blob service the server stores artifacts in (cluster profile), for baselines against the same service.</summary>
    public string? BlobConnectionString => backends.BlobConnectionString;
    /// <summary>A folder for the scenario's own files (inputs that actions read).</summary>
    public string Scratch => Path.Combine(Root, "scratch");

    public static async Task<BenchFarm> StartAsync(FarmProfile profile, int agentCount, int slots, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "farm-bench-" + Guid.NewGuid().ToString("n")[..10]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(Path.Combine(root, "scratch"));
        var backend = await profile.StartBackendsAsync(root, cancellationToken);
        var server = FarmBinary.Start(
            ["server", "--data", data, .. backend.Endpoint is null ? ["--port", "0", "--http-port", "0"] : Array.Empty<string>(), .. backend.ServerArguments],
            Path.Combine(root, "server.log"), backend.ServerEnvironment);
        try
        {
            var files = new LocalFarmFiles(data);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            KnownEndpoint? endpoint;
            while ((endpoint = await EndpointAsync(backend, files, cancellationToken)) is null)
            {
                if (server.HasExited)
                {
                    var tail = server.Tail();
                    var first = tail.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no output)";
                    throw new BenchException($"`farm server` ({profile.Name} profile) exited at start: {first}\n{tail}");
                }
                if (DateTime.UtcNow > deadline) throw new BenchException($"`farm server` did not come up within 90 s:\n{server.Tail()}");
                await Task.Delay(50, cancellationToken);
            }
            var farm = new BenchFarm(root, server, new FarmApi(endpoint.Grpc, endpoint.AdminToken), endpoint.Grpc, endpoint.RegistrationToken, backend);
            for (var i = 1; i <= agentCount; i++) farm.StartAgent($"agent-{i}", slots);
            await farm.WaitForAgentsAsync(agentCount, cancellationToken);
            return farm;
        }
        catch
        {
            await server.DisposeAsync();
            await backend.DisposeAsync();
            DeleteFolder(root);
            throw;
        }
    }

    /// <summary>The server's endpoint and tokens once it answers: the profile's fixed ones after /healthz says ok, else the data folder's files.</summary>
    private static async Task<KnownEndpoint?> EndpointAsync(ProfileBackends backend, LocalFarmFiles files, CancellationToken cancellationToken)
    {
        if (backend.Endpoint is not { } known)
            return files.ReadServerEndpoint() is { } written && files.ReadAdminToken() is { } admin && files.ReadRegistrationToken() is { } registration
                ? new KnownEndpoint(new Uri(written.Grpc), new Uri(written.Http), admin, registration)
                : null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return await http.GetStringAsync(known.Health, cancellationToken) == "ok" ? known : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private void StartAgent(string name, int slots) =>
        agents.Add(FarmBinary.Start(
            ["agent", "--server", Address.ToString(), "--token", RegistrationToken, "--name", name, "--slots", slots.ToString(),
             "--work", Path.Combine(Root, "agents", name)],
            Path.Combine(Root, name + ".log")));

    private async Task WaitForAgentsAsync(int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await Api.Agents.ListAgentsAsync(new ListAgentsRequest(), cancellationToken: cancellationToken)).Agents.Count(a => a.Status == "Online") < count)
        {
            if (agents.FirstOrDefault(a => a.HasExited) is { } dead) throw new BenchException($"an agent exited at start:\n{dead.Tail()}");
            if (DateTime.UtcNow > deadline) throw new BenchException($"fewer than {count} agents came online within 90 s");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>CPU used so far by the server and by the agent processes (not the commands they run).</summary>
    public (TimeSpan Server, TimeSpan Agents) CpuTime() =>
        (Server.CpuTime(), agents.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.CpuTime()));

    /// <summary>
    /// CPU used so far by the tiered JIT's background compiler in the server and the agents (its threads alive now):
    /// a farm still compiling is not yet the farm that serves for days.
    /// </summary>
    public TimeSpan CompilerCpuTime() =>
        agents.Aggregate(Server.ThreadCpuTime(TieredCompilerThread), (sum, a) => sum + a.ThreadCpuTime(TieredCompilerThread));

    private const string TieredCompilerThread = ".NET Tiered Com"; // the kernel keeps 15 characters of a thread's name

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        foreach (var agent in agents) await agent.DisposeAsync();
        await Server.DisposeAsync();
        await backends.DisposeAsync();
        DeleteFolder(Root);
    }

    private static void DeleteFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a straggler may still hold a file; it is under /tmp
        catch (UnauthorizedAccessException) { }
    }
}
