using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Tests.Shared;

/// <summary>
/// An HTTP endpoint of the test's own that records commit-status posts and answers each with the status code
/// <c>answer(n)</c> gives for the n-th post (1-based; 201 unless told).
/// </summary>
public sealed class CommitStatusReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private int posts;

    public CommitStatusReceiver(Func<int, int>? answer = null)
    {
        Answer = answer ?? (_ => 201);
        Url = $"http://127.0.0.1:{FreePort.Find(IPAddress.Loopback)}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    using var body = JsonDocument.Parse(context.Request.InputStream);
                    Received.Enqueue(new ReceivedStatus(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"],
                        body.RootElement.GetProperty("state").GetString()!, body.RootElement.GetProperty("context").GetString()!));
                    context.Response.StatusCode = Answer(Interlocked.Increment(ref posts));
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            }
        });
    }

    public string Url { get; }

    /// <summary>Replaceable while the test runs (an endpoint that comes back).</summary>
    public Func<int, int> Answer { get; set; }

    public ConcurrentQueue<ReceivedStatus> Received { get; } = new();

    public void Dispose() => listener.Close();

}

public sealed record ReceivedStatus(string Path, string? Authorization, string State, string Context);
