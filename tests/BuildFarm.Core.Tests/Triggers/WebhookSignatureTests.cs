using System.Text;
using BuildFarm.Core.Triggers.Webhooks;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"zen":"Keep it logically awesome."}""");

    [Fact]
    public void A_github_signature_is_the_hmac_sha256_of_the_body()
    {
        // The example from GitHub's documentation on validating webhook deliveries.
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        const string expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        Assert.Equal(expected, WebhookSignatures.GitHubSignature("It's a Secret to Everybody", body));
        Assert.True(WebhookSignatures.GitHubValid("It's a Secret to Everybody", body, expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=abc")]
    [InlineData("sha256=not-hex")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Missing_malformed_or_wrong_github_signatures_are_refused(string? header) =>
        Assert.False(WebhookSignatures.GitHubValid("secret", Body, header));

    [Fact]
    public void A_changed_body_or_another_secret_fails_the_check()
    {
        var signature = WebhookSignatures.GitHubSignature("secret", Body);
        Assert.True(WebhookSignatures.GitHubValid("secret", Body, signature));
        Assert.False(WebhookSignatures.GitHubValid("other", Body, signature));
        Assert.False(WebhookSignatures.GitHubValid("secret", [.. Body, (byte)' '], signature));
        Assert.False(WebhookSignatures.GitHubValid("", Body, WebhookSignatures.GitHubSignature("", Body)));
    }

    [Fact]
    public void A_gitlab_token_must_equal_the_secret()
    {
        Assert.True(WebhookSignatures.GitLabValid("token-1", "token-1"));
        Assert.False(WebhookSignatures.GitLabValid("token-1", "token-2"));
        Assert.False(WebhookSignatures.GitLabValid("token-1", null));
        Assert.False(WebhookSignatures.GitLabValid("", ""));
    }
}
