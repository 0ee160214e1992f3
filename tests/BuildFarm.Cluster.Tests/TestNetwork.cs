using System.Diagnostics;

namespace BuildFarm.Cluster.Tests;

/// <summary>
/// Separate hosts for agents: one network namespace per host, each joined to a bridge on this machine by a veth pair,
/// on a private /24. The servers listen on the bridge's address, so agents reach them over a real network address,
/// and a host can be cut off by taking its link down.
/// </summary>
public sealed class TestNetwork : IAsyncDisposable
{
    private readonly string id = Guid.NewGuid().ToString("n")[..6];
    private readonly int subnet = Random.Shared.Next(10, 250);
    private readonly List<string> namespaces = [];
    private bool bridgeCreated;

    private string Bridge => $"fbr{id}";
    public string HostAddress => $"10.231.{subnet}.1";
    public string AddressOf(int host) => $"10.231.{subnet}.{10 + host}";
    public string NamespaceOf(int host) => $"farm{id}-{host}";
    private string InnerLink(int host) => $"fvn{id}{host}";

    public static async Task<TestNetwork> CreateAsync(int hosts)
    {
        var network = new TestNetwork();
        try
        {
            await network.SetUpAsync(hosts);
        }
        catch (InvalidOperationException e)
        {
            await network.DisposeAsync();
            throw new InvalidOperationException(
                $"network namespaces are not usable here, so the agents cannot run as separate hosts ({e.Message}); " +
                "these tests need root and iproute2 ('ip netns', veth and bridge links)", e);
        }
        return network;
    }

    private async Task SetUpAsync(int hosts)
    {
        await IpAsync("link", "add", Bridge, "type", "bridge");
        bridgeCreated = true;
        await IpAsync("addr", "add", $"{HostAddress}/24", "dev", Bridge);
        await IpAsync("link", "set", Bridge, "up");
        for (var host = 1; host <= hosts; host++)
        {
            var ns = NamespaceOf(host);
            var outer = $"fvh{id}{host}";
            await IpAsync("netns", "add", ns);
            namespaces.Add(ns);
            await IpAsync("link", "add", outer, "type", "veth", "peer", "name", InnerLink(host));
            await IpAsync("link", "set", InnerLink(host), "netns", ns);
            await IpAsync("link", "set", outer, "master", Bridge);
            await IpAsync("link", "set", outer, "up");
            await IpAsync("netns", "exec", ns, "ip", "addr", "add", $"{AddressOf(host)}/24", "dev", InnerLink(host));
            await IpAsync("netns", "exec", ns, "ip", "link", "set", InnerLink(host), "up");
            await IpAsync("netns", "exec", ns, "ip", "link", "set", "lo", "up");
        }
    }

    /// <summary>Takes the host's only link down: it can reach nothing, and nothing reaches it.</summary>
    public Task CutAsync(int host) => IpAsync("netns", "exec", NamespaceOf(host), "ip", "link", "set", InnerLink(host), "down");

    public Task RestoreAsync(int host) => IpAsync("netns", "exec", NamespaceOf(host), "ip", "link", "set", InnerLink(host), "up");

    /// <summary>The start info of a `farm` process that runs inside the host's namespace.</summary>
    public ProcessStartInfo Inside(int host, ProcessStartInfo start)
    {
        var wrapped = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory,
        };
        foreach (var argument in new[] { "netns", "exec", NamespaceOf(host), start.FileName }.Concat(start.ArgumentList))
            wrapped.ArgumentList.Add(argument);
        foreach (var (key, value) in start.Environment) wrapped.Environment[key] = value;
        return wrapped;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in namespaces) await TryIpAsync("netns", "del", ns);
        if (bridgeCreated) await TryIpAsync("link", "del", Bridge);
    }

    private static async Task TryIpAsync(params string[] arguments)
    {
        try { await IpAsync(arguments); }
        catch (InvalidOperationException) { }
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run 'ip': {e.Message}", e);
        }
        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"'ip {string.Join(' ', arguments)}' failed: {error.Trim()}");
        }
    }
}
