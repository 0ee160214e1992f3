using BuildFarm.Api.Local;
using BuildFarm.Cli.Rendering;
using BuildFarm.Server;

namespace BuildFarm.Cli.Local;

/// <summary>A server node hosted in this process (`farm server`, `farm up`, `farm run`).</summary>
public static class EmbeddedServer
{
    /// <summary>Waits until the node stops by itself, or until Ctrl-C/SIGTERM cancels the command.</summary>
    public static async Task RunUntilStoppedAsync(FarmServerHandle handle, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource();
        await using var registration = cancellationToken.Register(() => cancelled.TrySetResult());
        await Task.WhenAny(handle.Stopped, cancelled.Task);
    }

    /// <summary>Where to reach the node and where its tokens are.</summary>
    public static void Describe(Terminal terminal, FarmServerHandle handle, FarmServerOptions options)
    {
        var files = new LocalFarmFiles(options.DataDirectory);
        terminal.Markup($"farm server ({Terminal.Escape(options.Profile)} profile) listening on [bold]{Terminal.Escape(handle.GrpcAddress.ToString())}[/] (gRPC), {Terminal.Escape(handle.HttpAddress.ToString())} (HTTP)");
        terminal.Line($"data folder:        {files.DataDirectory}");
        if (File.Exists(files.AdminTokenFile)) terminal.Line($"admin token:        {files.AdminTokenFile}");
        if (File.Exists(files.RegistrationTokenFile)) terminal.Line($"registration token: {files.RegistrationTokenFile}");
    }
}
