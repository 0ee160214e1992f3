using System.Diagnostics;
using System.Net;
using System.Text;
using BuildFarm.Server.Hosting;

namespace BuildFarm.EndToEnd.Tests.Support;

/// <summary>
/// Smart HTTP for git: <c>git http-backend</c> run as CGI behind an HttpListener on 127.0.0.1, with HTTP Basic
/// authentication (one user and password): a client without the right credentials gets 401, as from a real host.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string root;
    private readonly string credentials;

    public GitHttpServer(string root, string user, string password)
    {
        this.root = root;
        credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        Port = FreePort.Find(IPAddress.Loopback);
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public int Refused { get; private set; }

    public string UrlOf(string name) => $"http://127.0.0.1:{Port}/{name}";

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.Headers["Authorization"] != "Basic " + credentials)
        {
            Refused++;
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
            return;
        }
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var request = context.Request;
        start.Environment["GIT_PROJECT_ROOT"] = root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REQUEST_METHOD"] = request.HttpMethod;
        start.Environment["PATH_INFO"] = request.Url!.AbsolutePath;
        start.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["REMOTE_USER"] = "user";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.Headers["Content-Encoding"] is { } encoding) start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (request.Headers["Git-Protocol"] is { } protocol) start.Environment["GIT_PROTOCOL"] = protocol;
        using var cgi = Process.Start(start)!;
        var stderr = cgi.StandardError.ReadToEndAsync();
        await request.InputStream.CopyToAsync(cgi.StandardInput.BaseStream);
        cgi.StandardInput.Close();
        var output = cgi.StandardOutput.BaseStream;
        foreach (var line in ReadHeaders(output))
        {
            var colon = line.IndexOf(':');
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) response.StatusCode = int.Parse(value.Split(' ')[0]);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.ContentType = value;
            else response.AddHeader(name, value);
        }
        response.SendChunked = true;
        await output.CopyToAsync(response.OutputStream);
        await cgi.WaitForExitAsync();
        await stderr;
    }

    /// <summary>The CGI header lines, read byte by byte so the body that follows stays in the stream.</summary>
    private static IEnumerable<string> ReadHeaders(Stream stream)
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) yield break;
            if (b == '\r') continue;
            if (b != '\n')
            {
                line.Append((char)b);
                continue;
            }
            if (line.Length == 0) yield break;
            yield return line.ToString();
            line.Clear();
        }
    }

    public void Dispose() => listener.Close();
}
