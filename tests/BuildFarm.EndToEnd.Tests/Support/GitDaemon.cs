using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BuildFarm.Server.Hosting;

namespace BuildFarm.EndToEnd.Tests.Support;

/// <summary><c>git daemon</c> on 127.0.0.1 and a free port, serving the repositories under a folder as git://127.0.0.1:PORT/NAME.</summary>
public sealed class GitDaemon : IAsyncDisposable
{
    private readonly Process process;

    private GitDaemon(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string UrlOf(string name) => $"git://127.0.0.1:{Port}/{name}";

    public static async Task<GitDaemon> StartAsync(string baseDirectory)
    {
        var port = FreePort.Find(IPAddress.Loopback);
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "daemon", "--reuseaddr", "--export-all", "--enable=upload-pack", "--listen=127.0.0.1", $"--port={port}",
                     $"--base-path={baseDirectory}", baseDirectory })
            start.ArgumentList.Add(argument);
        var daemon = new GitDaemon(Process.Start(start)!, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return daemon;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !daemon.process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
