using System.CommandLine;
using System.Text.RegularExpressions;
using BuildFarm.Cli;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Commands;
using BuildFarm.Cli.Rendering;
using BuildFarm.Server;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace BuildFarm.Cluster.Tests;

/// <summary>
/// No Docker engine runs here, so the deployment files are checked against what the tests run: their commands parse
/// with the real command tree, every environment key is documented in the README and read by the code, the nodes get
/// the keys the tested nodes get, and the ports are the defaults.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = FarmBinary.RepositoryRoot;
    private static readonly FarmServerOptions Defaults = new();
    private static readonly int[] NodePorts = [Defaults.GrpcPort, Defaults.HttpPort, Defaults.SiloPort, Defaults.GatewayPort];

    [Fact]
    public void Every_documented_key_is_one_the_code_reads()
    {
        var documented = DocumentedKeys();
        Assert.Contains("Farm__Postgres", documented);
        Assert.All(documented, key => Assert.True(IsReadByCode(key), $"README documents '{key}', but nothing reads it"));
        Assert.All(ClusterFarm.NodeKeys, key => Assert.Contains(key, documented));
    }

    [Fact]
    public void The_compose_file_runs_the_tested_topology()
    {
        var services = (YamlMappingNode)Load(Path.Combine(Root, "docker-compose.yml")).Single()["services"];
        var documented = DocumentedKeys();
        var names = services.Children.Keys.Select(k => k.ToString()).ToList();
        Assert.Equal(["postgres", "azurite", "migrate", "server-1", "server-2", "agent-1", "agent-2", "agent-3"], names);

        foreach (var name in names.Where(n => n.StartsWith("server-") || n.StartsWith("agent-") || n == "migrate"))
        {
            var service = (YamlMappingNode)services[name];
            var command = Sequence(service["command"]);
            var environment = ((YamlMappingNode)service["environment"]).Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());
            AssertParses(command, name);
            Assert.All(environment.Keys, key => Assert.True(documented.Contains(key), $"compose service {name} sets '{key}', which the README does not document"));
            if (name.StartsWith("server-"))
            {
                Assert.Equal(["server", "--profile", "cluster"], command.Take(3));
                Assert.All(ClusterFarm.NodeKeys, key => Assert.True(environment.ContainsKey(key), $"{name} lacks {key}, which every tested node gets"));
                Assert.Contains("Host=postgres;", environment["Farm__Postgres"]);
                Assert.Contains("BlobEndpoint=http://azurite:10000/", environment["Farm__Blob"]);
                var published = Sequence(service["ports"]).Select(p => int.Parse(p.Split(':')[1]))
                    .Concat(Sequence(service["expose"]).Select(int.Parse));
                Assert.Equal(NodePorts.Order(), published.Order());
            }
            if (name.StartsWith("agent-"))
            {
                Assert.Equal("agent", command[0]);
                var servers = command[command.IndexOf("--server") + 1].Split(',');
                Assert.Equal(["http://server-1:7420", "http://server-2:7420"], servers.Order());
                Assert.Equal(environment["FARM_REGISTRATION_TOKEN"], ((YamlMappingNode)services["server-1"])["environment"]["Farm__RegistrationToken"].ToString());
            }
            if (name == "migrate") Assert.Equal(["db", "migrate"], command);
        }
        var azurite = Sequence(services["azurite"]["command"]);
        Assert.Equal("10000", azurite[azurite.IndexOf("--blobPort") + 1]);
        Assert.Contains("--skipApiVersionCheck", azurite);
    }

    [Fact]
    public void The_kubernetes_manifests_run_the_tested_topology()
    {
        var documents = Directory.GetFiles(Path.Combine(Root, "deploy", "kubernetes"), "*.yaml").SelectMany(Load).ToList();
        var documented = DocumentedKeys();
        Dictionary<string, IReadOnlyList<string>> KeysOf(string kind) => documents.Where(d => Kind(d) == kind)
            .ToDictionary(d => d["metadata"]["name"].ToString(), d => (IReadOnlyList<string>)((YamlMappingNode)(kind == "Secret" ? d["stringData"] : d["data"])).Children.Keys.Select(k => k.ToString()).ToList());
        var configMaps = KeysOf("ConfigMap");
        var secrets = KeysOf("Secret");
        Assert.All(configMaps.Values.Concat(secrets.Values).SelectMany(k => k), key => Assert.True(documented.Contains(key), $"'{key}' is not documented in the README"));

        var workloads = documents.Where(d => Kind(d) is "Deployment" or "Job").ToList();
        Assert.Equal(["buildfarm-agent", "buildfarm-migrate", "buildfarm-server"], workloads.Select(d => d["metadata"]["name"].ToString()).Order());
        foreach (var workload in workloads)
        {
            var name = workload["metadata"]["name"].ToString();
            var container = (YamlMappingNode)((YamlSequenceNode)workload["spec"]["template"]["spec"]["containers"]).Single();
            var args = Sequence(container["args"]);
            AssertParses(args, name);
            var environment = new List<string>();
            if (container.Children.ContainsKey("env"))
                foreach (YamlMappingNode variable in (YamlSequenceNode)container["env"])
                {
                    environment.Add(variable["name"].ToString());
                    if (variable.Children.ContainsKey("valueFrom") && ((YamlMappingNode)variable["valueFrom"]).Children.ContainsKey("secretKeyRef"))
                    {
                        var reference = variable["valueFrom"]["secretKeyRef"];
                        Assert.Contains(reference["key"].ToString(), secrets[reference["name"].ToString()]);
                    }
                }
            if (container.Children.ContainsKey("envFrom"))
                foreach (YamlMappingNode source in (YamlSequenceNode)container["envFrom"])
                    environment.AddRange(configMaps[source["configMapRef"]["name"].ToString()]);
            Assert.All(environment, key => Assert.True(documented.Contains(key), $"{name} sets '{key}', which the README does not document"));
            // Every $(VAR) the arguments use is set on the container.
            Assert.All(args.SelectMany(a => Reference().Matches(a).Select(m => m.Groups[1].Value)), key => Assert.Contains(key, environment));

            if (name == "buildfarm-server")
            {
                Assert.Equal(["server", "--profile", "cluster"], args.Take(3));
                Assert.All(ClusterFarm.NodeKeys, key => Assert.Contains(key, environment));
                Assert.Equal("true", ((YamlMappingNode)documents.Single(d => Kind(d) == "ConfigMap")["data"])["Farm__Kubernetes"].ToString());
                Assert.Equal(NodePorts.Order(), ((YamlSequenceNode)container["ports"]).Select(p => int.Parse(p["containerPort"].ToString())).Order());
                var labels = (YamlMappingNode)workload["spec"]["template"]["metadata"]["labels"];
                Assert.Equal(Defaults.ServiceId, labels[KubernetesHostingOptions.ServiceIdLabel].ToString());
                Assert.Equal(Defaults.ClusterId, labels[KubernetesHostingOptions.ClusterIdLabel].ToString());
            }
            if (name == "buildfarm-agent") Assert.Equal("http://buildfarm-server:7420", args[args.IndexOf("--server") + 1]);
            if (name == "buildfarm-migrate") Assert.Equal(["db", "migrate"], args);
        }
    }

    [Theory]
    [InlineData("server.Dockerfile", "server --profile cluster --listen 0.0.0.0")]
    [InlineData("agent.Dockerfile", "agent --work /work")]
    public void The_images_run_farm(string file, string command)
    {
        var text = File.ReadAllText(Path.Combine(Root, "deploy", file));
        Assert.Contains("RUN dotnet publish src/BuildFarm.Cli/BuildFarm.Cli.csproj -c Release -o /app", text);
        Assert.Contains("ENTRYPOINT [\"/app/farm\"]", text);
        var cmd = Regex.Match(text, @"^CMD \[(.*)\]$", RegexOptions.Multiline).Groups[1].Value.Split(", ").Select(a => a.Trim('"')).ToList();
        Assert.Equal(command, string.Join(' ', cmd));
        AssertParses(cmd, file);
        if (file.StartsWith("server"))
            Assert.Equal(NodePorts.Order(), Regex.Match(text, @"^EXPOSE (.*)$", RegexOptions.Multiline).Groups[1].Value.Split(' ').Select(int.Parse).Order());
    }

    /// <summary>The keys of the README's configuration table (environment form).</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var start = readme.IndexOf("### Configuration keys", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no 'Configuration keys' section");
        var table = readme[start..readme.IndexOf("\n#", start + 5, StringComparison.Ordinal)];
        return table.Split('\n').Where(l => l.StartsWith("| `")).SelectMany(l => KeyCell().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value)).ToHashSet();
    }

    private static bool IsReadByCode(string key)
    {
        var parts = key.Split("__");
        return parts switch
        {
            ["Farm", var property] => typeof(FarmServerOptions).GetProperty(property) is { CanWrite: true },
            ["Orleans", "Membership", var property] => typeof(ClusterMembershipOptions).GetProperty(property) is { CanWrite: true },
            _ => key is ConnectionSettings.RegistrationTokenVariable or ConnectionSettings.ServerVariable
                or KubernetesHostingOptions.PodNameEnvironmentVariable or KubernetesHostingOptions.PodNamespaceEnvironmentVariable
                or KubernetesHostingOptions.PodIPEnvironmentVariable,
        };
    }

    /// <summary>The command line parses with the real `farm` command tree, without errors.</summary>
    private static void AssertParses(IReadOnlyList<string> arguments, string where)
    {
        var context = new CliContext(new Terminal(TextWriter.Null, TextWriter.Null, false, false, 120), _ => null, TimeProvider.System);
        var parse = CliApp.Build(context).Parse(arguments.ToArray());
        Assert.True(parse.Errors.Count == 0, $"{where}: 'farm {string.Join(' ', arguments)}' does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        Assert.True(parse.CommandResult.Command.Subcommands.Count == 0, $"{where}: 'farm {string.Join(' ', arguments)}' names no command");
    }

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path)) stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string Kind(YamlMappingNode document) => document["kind"].ToString();

    private static List<string> Sequence(YamlNode node) => ((YamlSequenceNode)node).Select(n => n.ToString()).ToList();

    [GeneratedRegex(@"`((?:Farm|Orleans)__[A-Za-z_]+|FARM_[A-Z_]+|POD_[A-Z_]+)`")]
    private static partial Regex KeyCell();

    [GeneratedRegex(@"\$\(([A-Za-z_]+)\)")]
    private static partial Regex Reference();
}
