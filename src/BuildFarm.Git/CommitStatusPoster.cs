using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace BuildFarm.Git;

/// <summary>One commit status in GitHub's shape (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>).</summary>
public sealed record CommitStatus(string State, string? TargetUrl, string? Description, string Context)
{
    public const string Pending = "pending";
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Error = "error";
}

/// <summary>Posts commit statuses; the agent posts <c>pending</c> when the action runs, the server the final state.</summary>
public static class CommitStatusPoster
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The HTTP status code; throws <see cref="HttpRequestException"/> (with its status code) and the answer's start when it is not 2xx.</summary>
    public static async Task<int> PostAsync(string url, CommitStatus status, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new Dictionary<string, string?>
            {
                ["state"] = status.State,
                ["target_url"] = status.TargetUrl,
                ["description"] = status.Description,
                ["context"] = status.Context,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("buildfarm", "1"));
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode) return (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 200 ? body[..200] : body)}", null, response.StatusCode);
    }

    /// <summary>The configuration keys of a CommitStatus action, read the same way on agent and server.</summary>
    public static (string Url, CommitStatus Status, string? TokenSecret) FromConfiguration(IReadOnlyDictionary<string, string> configuration, string state) =>
        (configuration.GetValueOrDefault("Url") ?? "",
         new CommitStatus(state, configuration.GetValueOrDefault("TargetUrl"), configuration.GetValueOrDefault("Description"),
             configuration.GetValueOrDefault("Context") ?? "buildfarm"),
         configuration.GetValueOrDefault("TokenSecret"));
}
