using System.Net;
using BuildFarm.Api.V1;
using BuildFarm.Server.Hosting;
using Grpc.Core;
using Grpc.Net.Client;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// A farm of real processes: one `farm server` on a data folder and `farm agent` processes, reached over real
/// sockets. The CLI is driven as a user would, and a gRPC client reads state for assertions.
/// </summary>
public sealed class LocalFarm : IAsyncDisposable
{
    private readonly Dictionary<string, FarmProcess> agents = [];
    private readonly int grpcPort = FreePort.Find(IPAddress.Loopback);
    private readonly int httpPort = FreePort.Find(IPAddress.Loopback);
    private readonly int leaseTtlSeconds;
    private readonly IReadOnlyList<string> serverArguments;
    private GrpcChannel? channel;

    private LocalFarm(int leaseTtlSeconds, IReadOnlyList<string>? serverArguments = null)
    {
        this.leaseTtlSeconds = leaseTtlSeconds;
        this.serverArguments = serverArguments ?? [];
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(Scratch);
    }

    /// <summary>Everything of this farm lives under here; removed at the end.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "farm-e2e-" + Guid.NewGuid().ToString("n")[..12]);
    public string DataDirectory => Path.Combine(Root, "data");
    /// <summary>A folder for the test's own files (pipelines, marker files that actions write).</summary>
    public string Scratch => Path.Combine(Root, "scratch");
    public string Address => $"http://127.0.0.1:{grpcPort}";
    /// <summary>The HTTP/1.1 port (health, webhooks).</summary>
    public string HttpAddress => $"http://127.0.0.1:{httpPort}";
    public FarmProcess Server { get; private set; } = null!;
    public string AdminToken { get; private set; } = "";
    public string RegistrationToken { get; private set; } = "";
    public IReadOnlyDictionary<string, FarmProcess> Agents => agents;

    public static async Task<LocalFarm> StartAsync(int agentCount = 2, int slots = 1, int leaseTtlSeconds = 10, IReadOnlyList<string>? serverArguments = null)
    {
        var farm = new LocalFarm(leaseTtlSeconds, serverArguments);
        await farm.StartServerAsync();
        for (var i = 1; i <= agentCount; i++) farm.StartAgent($"agent-{i}", slots);
        await farm.WaitForAgentsAsync(agentCount);
        return farm;
    }

    public async Task StartServerAsync()
    {
        Server = FarmProcess.Start(Path.Combine(Root, "server.log"),
            ["server", "--data", DataDirectory, "--port", grpcPort.ToString(), "--http-port", httpPort.ToString(), "--lease-ttl", leaseTtlSeconds.ToString(),
             .. serverArguments]);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetStringAsync($"http://127.0.0.1:{httpPort}/healthz")) == "ok") break;
            }
            catch (HttpRequestException) when (!Server.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "tokens", "admin.token"))).Trim();
        RegistrationToken = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "tokens", "registration.token"))).Trim();
    }

    /// <summary>kill -9 of the server.</summary>
    public void KillServer() => Server.Kill();

    /// <param name="arguments">More `farm agent` arguments, e.g. `--labels os=linux`.</param>
    public FarmProcess StartAgent(string name, int slots = 1, params string[] arguments)
    {
        var agent = FarmProcess.Start(Path.Combine(Root, name + ".log"),
            ["agent", "--server", Address, "--token", RegistrationToken, "--name", name, "--slots", slots.ToString(),
             "--work", Path.Combine(Root, "agents", name), .. arguments]);
        agents[name] = agent;
        return agent;
    }

    public async Task WaitForAgentsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await AgentsClient.ListAgentsAsync(new ListAgentsRequest(), Auth)).Agents.Count(a => a.Status == "Online") < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {count} agents came online");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs `farm --server .. --token ADMIN ARGS` to its end.</summary>
    public Task<CliResult> CliAsync(params string[] arguments) => CliWithTokenAsync(AdminToken, arguments);

    public async Task<CliResult> CliWithTokenAsync(string token, params string[] arguments)
    {
        await using var cli = FarmProcess.Start(Path.Combine(Root, "cli.log"), ["--server", Address, "--token", token, .. arguments]);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return new CliResult(exitCode, cli.Output);
    }

    public GrpcChannel Channel => channel ??= GrpcChannel.ForAddress(Address);
    public Metadata Auth => new() { { "authorization", "Bearer " + AdminToken } };
    public Executions.ExecutionsClient ExecutionsClient => new(Channel);
    public Pipelines.PipelinesClient PipelinesClient => new(Channel);
    public Agents.AgentsClient AgentsClient => new(Channel);

    public Task<Execution> GetExecutionAsync(string id) => ExecutionsClient.GetExecutionAsync(new GetExecutionRequest { ExecutionId = id }, Auth).ResponseAsync;

    /// <summary>Polls until the execution ends (the limit guards against a hang only).</summary>
    public async Task<Execution> WaitForEndAsync(string id, int limitSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (true)
        {
            try
            {
                var execution = await GetExecutionAsync(id);
                if (execution.Status is not ("InProgress" or "Stopping")) return execution;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable) { } // the server is restarting
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"execution {id} did not end within {limitSeconds} s");
            await Task.Delay(200);
        }
    }

    public async Task<Execution> WaitUntilAsync(string id, Func<Execution, bool> condition, string what, int limitSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (true)
        {
            var execution = await GetExecutionAsync(id);
            if (condition(execution)) return execution;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never reached: {what}");
            await Task.Delay(100);
        }
    }

    public string WritePipeline(string fileName, string yaml)
    {
        var path = Path.Combine(Scratch, fileName);
        File.WriteAllText(path, yaml.Replace("{scratch}", Scratch));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        foreach (var agent in agents.Values) await agent.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a straggling child may still hold a file; the folder is in /tmp
    }

}

public sealed record CliResult(int ExitCode, string Output);
