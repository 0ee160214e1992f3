using System.Net;
using System.Net.Sockets;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Storage.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void A_free_port_lies_below_the_ephemeral_range_so_no_outgoing_connection_can_take_it_before_its_listener_binds()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Find(IPAddress.Loopback)).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10_000, EphemeralStart - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
    }

    [Fact]
    public void A_port_another_listener_holds_is_never_handed_out()
    {
        // 500 listeners on random ports of the same range: were they not checked, about 4 of the 200 asks would hit one.
        var listeners = new List<TcpListener>();
        try
        {
            while (listeners.Count < 500)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(10_000, EphemeralStart));
                try { listener.Start(); listeners.Add(listener); }
                catch (SocketException) { } // somebody holds that one already
            }
            var listening = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();

            var handedOut = Enumerable.Range(0, 200).Select(_ => FreePort.Find(IPAddress.Loopback)).ToList();

            Assert.DoesNotContain(handedOut, listening.Contains);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static int EphemeralStart => int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
}
