using System.Net.Http;
using Grpc.Net.Client;

namespace BuildFarm.Agent.Connection;

/// <summary>
/// The servers an agent may talk to, one channel each (plain HTTP/2 for http:// addresses). Calls go to the current
/// one; a server that answers Unavailable passes the turn to the next, round and round.
/// </summary>
internal sealed class ServerPool : IDisposable
{
    private readonly Uri[] addresses;
    private readonly GrpcChannel[] channels;
    private int current;

    public ServerPool(IReadOnlyList<Uri> servers)
    {
        if (servers.Count == 0) throw new AgentException("no server address given; an agent needs at least one (for example http://localhost:7070)");
        addresses = [.. servers];
        channels = addresses.Select(Open).ToArray();
    }

    public (int Index, GrpcChannel Channel) Current
    {
        get
        {
            var index = Volatile.Read(ref current);
            return (index, channels[index]);
        }
    }

    public Uri AddressOf(int index) => addresses[index];

    /// <summary>Moves past a failed server unless another call already did; true when this call moved.</summary>
    public bool Failover(int failedIndex) =>
        addresses.Length > 1 && Interlocked.CompareExchange(ref current, (failedIndex + 1) % addresses.Length, failedIndex) == failedIndex;

    private static GrpcChannel Open(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        // No redirects, cookies or proxy: layers each call would pass through for nothing on a farm's own network.
        HttpHandler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        },
        MaxReceiveMessageSize = 16 * 1024 * 1024,
        MaxSendMessageSize = 16 * 1024 * 1024,
        ThrowOperationCanceledOnCancellation = true,
    });

    public void Dispose()
    {
        foreach (var channel in channels) channel.Dispose();
    }
}
