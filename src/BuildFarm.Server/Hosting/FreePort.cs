using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Server.Hosting;

/// <summary>
/// A port nobody listens on right now, for listeners that cannot take port 0. It is chosen below the kernel's
/// ephemeral range: a port from that range can be taken by any outgoing connection (or another port-0 bind)
/// between this check and the listener's own bind, which is how a node of the cluster tests once failed to
/// start with "address already in use". Ports outside the range are only ever taken by an explicit bind.
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    /// <summary>IANA's dynamic range, where the kernel does not say.</summary>
    private const int DefaultEphemeralStart = 49_152;

    private static readonly HashSet<int> HandedOut = [];

    public static int Find(IPAddress address)
    {
        var below = EphemeralStart();
        for (var attempt = 0; below - Lowest >= 1_000 && attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Lowest, below);
            // Two ports asked for before either listens must differ, so this process never hands a port out twice.
            lock (HandedOut)
                if (!HandedOut.Add(port)) continue;
            if (IsFree(address, port)) return port;
        }
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralStart()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart;
        }
    }
}
