using BuildFarm.Core.Triggers;
using BuildFarm.Core.Triggers.Webhooks;
using BuildFarm.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace BuildFarm.Server.Triggers;

/// <summary>
/// POST /webhooks/github and /webhooks/gitlab on the HTTP/1.1 port. A delivery must carry a valid signature
/// (GitHub: X-Hub-Signature-256, an HMAC-SHA256 of the body) or token (GitLab: X-Gitlab-Token; GitLab does not sign)
/// for the webhook secret of a pipeline that watches the repository; anything else gets 401 and starts nothing.
/// A valid push or pull-request event is handed to the repository's grain; the answer lists the executions started.
/// </summary>
public static class WebhookEndpoints
{
    private const int MaxBody = 10 * 1024 * 1024;

    private sealed record Provider(string Name, string EventHeader, string SignatureHeader, Func<string, ReadOnlyMemory<byte>, WebhookEvent> Parse,
        Func<string, byte[], string, bool> Valid);

    private static readonly Provider GitHub = new("github", "X-GitHub-Event", "X-Hub-Signature-256", GitHubPayloads.Parse,
        (secret, body, signature) => WebhookSignatures.GitHubValid(secret, body, signature));

    private static readonly Provider GitLab = new("gitlab", "X-Gitlab-Event", "X-Gitlab-Token", GitLabPayloads.Parse,
        (secret, _, token) => WebhookSignatures.GitLabValid(secret, token));

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/github", (HttpContext http, IGrainFactory grains, ILoggerFactory logs) => HandleAsync(http, grains, logs, GitHub));
        app.MapPost("/webhooks/gitlab", (HttpContext http, IGrainFactory grains, ILoggerFactory logs) => HandleAsync(http, grains, logs, GitLab));
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IGrainFactory grains, ILoggerFactory logs, Provider provider)
    {
        var logger = logs.CreateLogger("BuildFarm.Webhooks");
        var signature = http.Request.Headers[provider.SignatureHeader].ToString();
        if (signature.Length == 0) return Refuse(logger, provider, $"no {provider.SignatureHeader} header: unsigned deliveries are refused");
        var eventName = http.Request.Headers[provider.EventHeader].ToString();
        if (eventName.Length == 0) return Results.BadRequest(new { error = $"no {provider.EventHeader} header" });
        var body = await ReadBodyAsync(http.Request);
        if (body is null) return Results.BadRequest(new { error = $"the payload is larger than {MaxBody} bytes" });

        WebhookEvent parsed;
        try
        {
            parsed = provider.Parse(eventName, body);
        }
        catch (WebhookPayloadException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        var watched = await grains.Get<ICatalogGrain>(CatalogKeys.Repositories).ListAsync();
        var key = parsed.RepositoryUrls.Select(RepositoryUrls.Key).FirstOrDefault(watched.Contains);
        if (key is null)
            return Results.NotFound(new { error = $"no pipeline watches this repository ({string.Join(", ", parsed.RepositoryUrls)})" });
        var repository = grains.Get<IRepositoryGrain>(key);
        if (!await SignedAsync(grains, await repository.GetStatusAsync(), provider, body, signature))
            return Refuse(logger, provider, $"the {provider.SignatureHeader} does not match the webhook secret of any pipeline watching {key}");
        if (parsed.Change is not { } change) return Results.Ok(new { ignored = parsed.Ignored, started = Array.Empty<string>() });
        var started = await repository.OnWebhookAsync(change, parsed.PayloadFiles, parsed.PayloadFilesComplete);
        logger.LogInformation("{Provider} webhook for {Repository}: {Change} started {Count} execution(s)", provider.Name, key,
            GitTriggerMatcher.Describe(change), started.Count);
        return Results.Json(new { started }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<bool> SignedAsync(IGrainFactory grains, RepositoryStatus status, Provider provider, byte[] body, string signature)
    {
        var vault = grains.Get<ISecretGrain>(ISecretGrain.Key);
        foreach (var name in status.Subscribers.Select(s => s.WebhookSecret).Distinct())
            if (await vault.RevealAsync(name) is { } secret && provider.Valid(secret, body, signature)) return true;
        return false;
    }

    private static IResult Refuse(ILogger logger, Provider provider, string reason)
    {
        logger.LogWarning("{Provider} webhook refused: {Reason}", provider.Name, reason);
        return Results.Json(new { error = reason }, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
