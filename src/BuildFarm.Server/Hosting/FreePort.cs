using System.Net;
using System.Net.Sockets;

namespace BuildFarm.Server.Hosting;

public static class FreePort
{
    /// <summary>A port nobody listens on right now (the OS picks it), for listeners that cannot take port 0.</summary>
    public static int Find(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
