using System.Net;
using System.Text;
using BuildFarm.Core.Triggers.Webhooks;

namespace BuildFarm.EndToEnd.Tests.Support;

/// <summary>Posts GitHub- and GitLab-style deliveries to the farm's webhook endpoints, signed (or not) as told.</summary>
public sealed class Webhooks(string httpAddress)
{
    private static readonly HttpClient Http = new();

    public async Task<(HttpStatusCode Status, string Body)> GitHubAsync(string eventName, string payload, string? secret, bool tamper = false)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{httpAddress}/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", eventName);
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256", WebhookSignatures.GitHubSignature(secret, tamper ? [.. body, (byte)' '] : body));
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body)> GitLabAsync(string eventName, string payload, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{httpAddress}/webhooks/gitlab") { Content = new StringContent(payload) };
        request.Headers.Add("X-Gitlab-Event", eventName);
        if (token is not null) request.Headers.Add("X-Gitlab-Token", token);
        return await SendAsync(request);
    }

    public static string GitHubPush(string url, string reference, string before, string after) => $$"""
        {"ref":"{{reference}}","before":"{{before}}","after":"{{after}}","created":false,"deleted":false,"forced":false,
         "repository":{"clone_url":"{{url}}"},"pusher":{"name":"alice"},"commits":[]}
        """;

    public static string GitLabMergeRequest(string url, string number, string action, string source, string target, string head) => $$$"""
        {"object_kind":"merge_request","user":{"username":"bob"},"project":{"git_http_url":"{{{url}}}"},
         "object_attributes":{"iid":{{{number}}},"action":"{{{action}}}","source_branch":"{{{source}}}","target_branch":"{{{target}}}","last_commit":{"id":"{{{head}}}"} } }
        """;

    private static async Task<(HttpStatusCode, string)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
