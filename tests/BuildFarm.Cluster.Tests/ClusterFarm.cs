using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using BuildFarm.Api.V1;
using BuildFarm.Storage.Azure;
using Grpc.Core;
using Grpc.Net.Client;

namespace BuildFarm.Cluster.Tests;

public sealed record ClusterFarmOptions
{
    public int Nodes { get; init; } = 2;
    public int Agents { get; init; } = 3;
    public int Slots { get; init; } = 1;
    public int LeaseTtlSeconds { get; init; } = 15;
    /// <summary>Each agent on its own host (network namespace); the nodes listen on the hosts' bridge.</summary>
    public bool AgentsInNamespaces { get; init; }
    /// <summary>Run `farm db migrate` before the nodes start (else the nodes migrate themselves with --migrate).</summary>
    public bool MigrateFirst { get; init; } = true;
    /// <summary>Further configuration of the nodes, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A cluster of real processes: `farm server --profile cluster` nodes on one PostgreSQL database and one blob
/// container, and `farm agent` processes that know every node. The CLI is driven as a user would; a gRPC client
/// reads state for assertions from whichever node is alive.
/// </summary>
public sealed class ClusterFarm : IAsyncDisposable
{
    public const string AdminToken = "adm-cluster-test-token";
    public const string RegistrationToken = "reg-cluster-test-token";

    private readonly ClusterServices services;
    private readonly ClusterFarmOptions options;
    private readonly Dictionary<string, FarmProcess> agents = [];
    private readonly Dictionary<int, GrpcChannel> channels = [];

    private ClusterFarm(ClusterServices services, ClusterFarmOptions options)
    {
        this.services = services;
        this.options = options;
        Directory.CreateDirectory(Scratch);
        Nodes = Enumerable.Range(1, options.Nodes).Select(i => new Node(i, FreePort(), FreePort(), FreePort())).ToList();
    }

    public string Id { get; } = Guid.NewGuid().ToString("n")[..10];
    public string Root => Path.Combine(Path.GetTempPath(), "farm-cluster-" + Id);
    public string Scratch => Path.Combine(Root, "scratch");
    public string Postgres { get; private set; } = "";
    public string ContainerName => "farm-" + Id;
    public TestNetwork? Network { get; private set; }
    public string HostAddress => Network?.HostAddress ?? "127.0.0.1";
    public IReadOnlyList<Node> Nodes { get; }
    public IReadOnlyDictionary<string, FarmProcess> Agents => agents;
    public BlobContainerClient Container => BlobContainer.Connect(services.Blob, ContainerName);

    public sealed class Node(int index, int grpcPort, int httpPort, int siloPort)
    {
        public int Index { get; } = index;
        public int GrpcPort { get; } = grpcPort;
        public int HttpPort { get; } = httpPort;
        public int SiloPort { get; } = siloPort;
        public FarmProcess? Process { get; set; }
        public bool Alive => Process is { HasExited: false };
    }

    public static async Task<ClusterFarm> StartAsync(ClusterServices services, ClusterFarmOptions? options = null)
    {
        var farm = new ClusterFarm(services, options ?? new ClusterFarmOptions());
        try
        {
            await farm.StartEverythingAsync();
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }
        return farm;
    }

    private async Task StartEverythingAsync()
    {
        if (options.AgentsInNamespaces) Network = await TestNetwork.CreateAsync(options.Agents);
        Postgres = await services.CreateDatabaseAsync("farm_" + Id);
        if (options.MigrateFirst)
        {
            var migrate = await CliWithoutServerAsync("db", "migrate", "--postgres", Postgres);
            if (migrate.ExitCode != 0) throw new InvalidOperationException("farm db migrate failed:\n" + migrate.Output);
        }
        foreach (var node in Nodes) StartNode(node.Index);
        await Task.WhenAll(Nodes.Select(n => WaitForNodeAsync(n.Index)));
        for (var i = 1; i <= options.Agents; i++) StartAgent(i);
        await WaitForAgentsAsync(options.Agents);
    }

    public string Address(int node) => $"http://{HostAddress}:{Nodes[node - 1].GrpcPort}";

    /// <summary>The settings every node of the tests gets; the deployment files must give their nodes the same keys.</summary>
    public static readonly IReadOnlyList<string> NodeKeys =
        ["Farm__Postgres", "Farm__Blob", "Farm__BlobContainer", "Farm__AdminToken", "Farm__RegistrationToken", "Farm__SecretKey"];

    /// <summary>The key every node encrypts secrets with (32 bytes, base64), as a cluster's configuration gives it.</summary>
    public static readonly string SecretKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public IReadOnlyDictionary<string, string> NodeEnvironment => new Dictionary<string, string>(options.Settings)
    {
        ["Farm__Postgres"] = Postgres,
        ["Farm__Blob"] = services.Blob,
        ["Farm__BlobContainer"] = ContainerName,
        ["Farm__AdminToken"] = AdminToken,
        ["Farm__RegistrationToken"] = RegistrationToken,
        ["Farm__SecretKey"] = SecretKey,
        // Declare a dead node dead within seconds (the defaults take tens of seconds).
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
    };

    public FarmProcess StartNode(int index, params string[] extra)
    {
        var node = Nodes[index - 1];
        node.Process = FarmProcess.Start(Path.Combine(Root, $"node-{index}.log"),
            ["server", "--profile", "cluster", "--listen", HostAddress, "--port", node.GrpcPort.ToString(), "--http-port", node.HttpPort.ToString(),
             "--silo-port", node.SiloPort.ToString(), "--gateway-port", "0", "--lease-ttl", options.LeaseTtlSeconds.ToString(),
             "--data", Path.Combine(Root, $"node-{index}"), .. extra],
            NodeEnvironment.ToDictionary());
        return node.Process;
    }

    /// <summary>kill -9 of a node.</summary>
    public void KillNode(int index) => Nodes[index - 1].Process!.Kill();

    public async Task WaitForNodeAsync(int index)
    {
        var node = Nodes[index - 1];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if (await http.GetStringAsync($"http://{HostAddress}:{node.HttpPort}/healthz") == "ok") return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (!node.Alive) throw new InvalidOperationException($"node {index} exited:\n{node.Process?.Output}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {index} did not answer within 90 s:\n{node.Process?.Output}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Agent i knows every node, starting with node ((i-1) mod nodes)+1, so agents spread over the nodes.</summary>
    public FarmProcess StartAgent(int index)
    {
        var name = $"agent-{index}";
        var servers = Enumerable.Range(0, Nodes.Count).Select(k => Address((index - 1 + k) % Nodes.Count + 1));
        var start = FarmBinary.StartInfo(
            ["agent", "--server", string.Join(',', servers), "--token", RegistrationToken, "--name", name,
             "--slots", options.Slots.ToString(), "--work", Path.Combine(Root, "agents", name)]);
        if (Network is not null) start = Network.Inside(index, start);
        var agent = FarmProcess.Start(Path.Combine(Root, name + ".log"), start);
        agents[name] = agent;
        return agent;
    }

    public async Task WaitForAgentsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var listed = await new Agents.AgentsClient(Channel(LiveNode)).ListAgentsAsync(new ListAgentsRequest(), Auth);
                if (listed.Agents.Count(a => a.Status == "Online") >= count) return;
            }
            catch (RpcException e) when (IsTransient(e)) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"fewer than {count} agents came online:\n" + string.Join("\n", agents.Select(a => $"{a.Key}: {a.Value.Output}")));
            await Task.Delay(200);
        }
    }

    /// <summary>Runs `farm --server NODE --token ADMIN ARGS` to its end.</summary>
    public async Task<CliResult> CliAsync(int node, params string[] arguments)
    {
        await using var cli = FarmProcess.Start(Path.Combine(Root, "cli.log"), ["--server", Address(node), "--token", AdminToken, .. arguments]);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return new CliResult(exitCode, cli.Output);
    }

    public Task<CliResult> CliWithoutServerAsync(params string[] arguments) => RunCliAsync(Path.Combine(Root, "cli.log"), arguments);

    /// <summary>Runs `farm ARGS` (a command that needs no farm, such as `db migrate`) to its end.</summary>
    public static async Task<CliResult> RunCliAsync(string logFile, params string[] arguments)
    {
        await using var cli = FarmProcess.Start(logFile, arguments);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return new CliResult(exitCode, cli.Output);
    }

    /// <summary>Applies the pipeline through one node and starts it through another; answers the execution id.</summary>
    public async Task<string> ApplyAndStartAsync(string yaml, string fileName, int applyOn = 1, int startOn = 2)
    {
        var file = Path.Combine(Scratch, fileName);
        await File.WriteAllTextAsync(file, yaml.Replace("{scratch}", Scratch));
        var apply = await CliAsync(applyOn, "pipeline", "apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.Output);
        var name = Regex.Match(yaml, @"^name:\s*(\S+)", RegexOptions.Multiline).Groups[1].Value;
        var start = await CliAsync(Math.Min(startOn, Nodes.Count), "start", name);
        Assert.True(start.ExitCode == 0, start.Output);
        return Regex.Match(start.Output, "ex-[0-9a-z]+").Value;
    }

    public int LiveNode => Nodes.FirstOrDefault(n => n.Alive)?.Index ?? throw new InvalidOperationException("no node is alive");

    public GrpcChannel Channel(int node)
    {
        if (!channels.TryGetValue(node, out var channel)) channels[node] = channel = GrpcChannel.ForAddress(Address(node));
        return channel;
    }

    public Metadata Auth => new() { { "authorization", "Bearer " + AdminToken } };

    /// <summary>The execution as a live node sees it (retrying while the cluster recovers from a failure).</summary>
    public async Task<Execution> GetExecutionAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await new Executions.ExecutionsClient(Channel(LiveNode))
                    .GetExecutionAsync(new GetExecutionRequest { ExecutionId = id }, Auth, deadline: DateTime.UtcNow.AddSeconds(30));
            }
            catch (RpcException e) when (IsTransient(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(string id) =>
        (await new Executions.ExecutionsClient(Channel(LiveNode)).ListArtifactsAsync(new ListArtifactsRequest { ExecutionId = id }, Auth)).Artifacts;

    /// <summary>Polls until the execution ends (the limit guards against a hang only).</summary>
    public Task<Execution> WaitForEndAsync(string id, int limitSeconds = 240) =>
        WaitUntilAsync(id, e => e.Status is not ("InProgress" or "Stopping"), "the execution ends", limitSeconds);

    public async Task<Execution> WaitUntilAsync(string id, Func<Execution, bool> condition, string what, int limitSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(limitSeconds);
        while (true)
        {
            var execution = await GetExecutionAsync(id);
            if (condition(execution)) return execution;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never reached: {what}; last state: {execution}");
            await Task.Delay(100);
        }
    }

    public static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Unknown;

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels.Values) channel.Dispose();
        foreach (var agent in agents.Values) await agent.DisposeAsync();
        foreach (var node in Nodes)
            if (node.Process is not null) await node.Process.DisposeAsync();
        if (Network is not null) await Network.DisposeAsync();
        if (Environment.GetEnvironmentVariable("FARM_TEST_KEEP") == "1") return; // for post-mortems
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a straggling child may still hold a file; the folder is in /tmp
    }

    private static int FreePort() => BuildFarm.Server.Hosting.FreePort.Find(IPAddress.Loopback);
}

public sealed record CliResult(int ExitCode, string Output);
