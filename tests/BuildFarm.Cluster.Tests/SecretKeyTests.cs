namespace BuildFarm.Cluster.Tests;

/// <summary>
/// Secrets are encrypted with the cluster's Farm__SecretKey, not with a key in a node's data folder: a secret set
/// through one node is read by another, even by a node that starts without its data folder (a new pod).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretKeyTests(ClusterServices services)
{
    private const string Value = "cluster-s3cret-0042";

    private const string Pipeline = """
        name: secret-across-nodes
        stages:
          - name: Source
            actions:
              - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}"}, outputArtifacts: [source]}
          - name: Build
            actions:
              - name: Deploy
                category: Build
                provider: Buildspec
                inputArtifacts: [source]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    env:
                      secrets-manager:
                        TOKEN: deploy-token
                    phases:
                      build:
                        commands:
                          - echo "deploying with $TOKEN"
                          - test "$TOKEN" = cluster-s3cret-0042
        """;

    [Fact]
    public async Task A_secret_set_through_one_node_is_used_by_a_job_dispatched_through_the_other()
    {
        await using var farm = await ClusterFarm.StartAsync(services, new ClusterFarmOptions { Agents = 0 });
        Directory.CreateDirectory(farm.Scratch);
        var set = await farm.CliAsync(2, "secret", "set", "deploy-token", "--value", Value);
        Assert.True(set.ExitCode == 0, set.Output);

        // Node 1 comes back as a new pod would: without its data folder, so only the configuration can decrypt.
        farm.KillNode(1);
        await LeftAsync(farm, observer: 2, gone: 1);
        if (Directory.Exists(Path.Combine(farm.Root, "node-1"))) Directory.Delete(Path.Combine(farm.Root, "node-1"), recursive: true);
        farm.StartNode(1);
        await farm.WaitForNodeAsync(1);
        // Node 2, through which the secret was set, dies: wherever the secrets grain was, node 1 now reads it.
        farm.KillNode(2);
        await LeftAsync(farm, observer: 1, gone: 2);
        farm.StartAgent(1);
        await farm.WaitForAgentsAsync(1);

        var id = await farm.ApplyAndStartAsync(Pipeline, "secret.yaml", applyOn: 1, startOn: 1);
        var execution = await farm.WaitForEndAsync(id);

        var deploy = execution.Stages[1].Actions[0];
        Assert.True(execution.Status == "Succeeded", $"{deploy.Attempts[^1].ErrorKind}: {deploy.Attempts[^1].Message}");
        var log = await farm.CliAsync(1, "logs", id, "--action", "Build/Deploy");
        Assert.Contains("deploying with ***", log.Output);
        Assert.DoesNotContain(Value, log.Output);
        Assert.All(farm.Nodes, node => Assert.False(File.Exists(Path.Combine(farm.Root, $"node-{node.Index}", "secrets.key")),
            $"node {node.Index} made a key file of its own"));
    }

    /// <summary>A cluster node checks its key before it touches the database: without a usable one it does not start.</summary>
    [Theory]
    [InlineData("", null, "the server did not start: the cluster profile needs Farm:SecretKey (or --secret-key-file FILE): the key the farm's secrets are encrypted with, 32 random bytes in base64, the same on every node (make one with `openssl rand -base64 32`); set it in appsettings.json (\"Farm\": { \"SecretKey\": ... }) or in the environment variable Farm__SecretKey")]
    [InlineData("not base64!", null, "the server did not start: Farm:SecretKey is not base64; give 32 random bytes in base64 (make one with `openssl rand -base64 32`)")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", null, "the server did not start: Farm:SecretKey decodes to 16 bytes; a secret key is 32 bytes (make one with `openssl rand -base64 32`)")]
    // The flag wins over the environment, and names its file.
    [InlineData("good", "AAECAwQFBgcICQoLDA0ODw==", "--secret-key-file {file}: Farm:SecretKey decodes to 16 bytes; a secret key is 32 bytes (make one with `openssl rand -base64 32`)")]
    public async Task A_node_without_a_usable_secret_key_refuses_to_start_saying_what_to_set(string environmentKey, string? fileKey, string message)
    {
        var folder = Path.Combine(Path.GetTempPath(), "farm-secret-key-" + Guid.NewGuid().ToString("n")[..10]);
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "secret.key");
            string[] flag = [];
            if (fileKey is not null)
            {
                await File.WriteAllTextAsync(file, fileKey + "\n");
                flag = ["--secret-key-file", file];
            }
            var environment = new Dictionary<string, string>
            {
                // Nothing listens there: the node must stop before it would connect.
                ["Farm__Postgres"] = "Host=127.0.0.1;Port=1;Username=farm;Database=farm",
                ["Farm__Blob"] = services.Blob,
                ["Farm__AdminToken"] = ClusterFarm.AdminToken,
                ["Farm__RegistrationToken"] = ClusterFarm.RegistrationToken,
                ["Farm__SecretKey"] = environmentKey == "good" ? ClusterFarm.SecretKey : environmentKey,
            };
            await using var node = FarmProcess.Start(Path.Combine(folder, "node.log"),
                ["server", "--profile", "cluster", "--port", "0", "--http-port", "0", "--data", Path.Combine(folder, "data"), .. flag], environment);
            var exitCode = await node.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.NotEqual(0, exitCode);
            Assert.Contains(message.Replace("{file}", file), node.Output);
            Assert.False(File.Exists(Path.Combine(folder, "data", "secrets.key")), "a cluster node made a key file of its own");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits until <paramref name="observer"/> logs that the node on <paramref name="gone"/>'s silo port left the cluster.</summary>
    private static async Task LeftAsync(ClusterFarm farm, int observer, int gone)
    {
        var process = farm.Nodes[observer - 1].Process!;
        var silo = $":{farm.Nodes[gone - 1].SiloPort}:";
        var hangGuard = DateTime.UtcNow.AddSeconds(90);
        while (!process.Output.Split('\n').Any(l => l.Contains("left the cluster", StringComparison.Ordinal) && l.Contains(silo, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > hangGuard) throw new TimeoutException($"node {observer} never saw node {gone} leave:\n{process.Output}");
            await Task.Delay(100);
        }
    }
}
