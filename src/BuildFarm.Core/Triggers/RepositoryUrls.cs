namespace BuildFarm.Core.Triggers;

/// <summary>One key per repository, whatever form its URL is written in (case of scheme and host, trailing <c>.git</c> or <c>/</c>).</summary>
public static class RepositoryUrls
{
    public static string Key(string url)
    {
        var text = url.Trim().TrimEnd('/');
        if (text.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) text = text[..^4];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return text;
        var hostEnd = text.IndexOf('/', scheme + 3);
        var head = hostEnd < 0 ? text : text[..hostEnd];
        return head.ToLowerInvariant() + (hostEnd < 0 ? "" : text[hostEnd..]);
    }

    /// <summary>The URL forms the farm can fetch from: file://, git://, http(s)://, ssh:// and scp-like <c>user@host:path</c>.</summary>
    public static string? Problem(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "the repository URL is empty";
        if (url.Contains("#{", StringComparison.Ordinal)) return null;
        string[] schemes = ["file://", "git://", "http://", "https://", "ssh://"];
        if (schemes.Any(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase))) return null;
        var at = url.IndexOf('@');
        var colon = url.IndexOf(':');
        if (at > 0 && colon > at + 1 && !url.Contains("://", StringComparison.Ordinal)) return null;
        return $"'{url}' is not a repository URL the farm can fetch; use file://, git://, http://, https://, ssh:// or user@host:path";
    }

    public static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || (!url.Contains("://", StringComparison.Ordinal) && url.Contains('@') && url.Contains(':'));

    public static bool IsHttp(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
