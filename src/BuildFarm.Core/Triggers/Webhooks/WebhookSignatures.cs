using System.Security.Cryptography;
using System.Text;

namespace BuildFarm.Core.Triggers.Webhooks;

/// <summary>
/// Checks that a delivery comes from who holds the secret. GitHub signs the body (X-Hub-Signature-256:
/// <c>sha256=</c> HMAC-SHA256 hex); GitLab has no signature, only the shared secret in X-Gitlab-Token.
/// Comparisons take constant time.
/// </summary>
public static class WebhookSignatures
{
    public const string GitHubPrefix = "sha256=";

    public static string GitHubSignature(string secret, ReadOnlySpan<byte> body) =>
        GitHubPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool GitHubValid(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(GitHubPrefix, StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(GitHubPrefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    public static bool GitLabValid(string secret, string? token) =>
        !string.IsNullOrEmpty(secret) && token is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
