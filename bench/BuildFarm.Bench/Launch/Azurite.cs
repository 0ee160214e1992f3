using System.Net;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Bench.Launch;

/// <summary>
/// Azurite's blob service (npm package azurite, installed once into ~/.cache/buildfarm-bench when missing) on a
/// free port and a fresh folder.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string Version = "3.37.0";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly ChildProcess process;

    private Azurite(ChildProcess process, int port)
    {
        this.process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync(string location, CancellationToken cancellationToken)
    {
        var main = await InstallAsync(cancellationToken);
        Directory.CreateDirectory(location);
        var port = FreePort.Find(IPAddress.Loopback);
        var process = ChildProcess.Start("node",
            [main, "--location", location, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--disableTelemetry", "--skipApiVersionCheck", "--loose"],
            location + ".log");
        await Command.WaitForPortAsync(port, process, TimeSpan.FromSeconds(30), cancellationToken);
        return new Azurite(process, port);
    }

    private static async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "buildfarm-bench", "azurite-" + Version);
        var main = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (File.Exists(main)) return main;
        Console.Error.WriteLine($"bench: installing Azurite {Version} with npm into {prefix} (once)");
        Directory.CreateDirectory(prefix);
        await Command.RunCheckedAsync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", $"azurite@{Version}"], cancellationToken);
        return File.Exists(main) ? main : throw new BenchException($"npm installed azurite but {main} is missing");
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
