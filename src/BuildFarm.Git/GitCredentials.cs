using System.Text.RegularExpressions;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Git;

/// <summary>
/// How git gets a farm secret without it touching a command line, a URL, the log or an artifact. HTTP(S): a
/// GIT_ASKPASS script that prints the user name and password from the environment (secret <c>USER:PASSWORD</c>, or a
/// token alone, sent with user name <c>x-access-token</c>). SSH: the secret is a private key, written owner-only for
/// GIT_SSH_COMMAND. The files live in a folder of the caller's (outside any artifact) and go when disposed.
/// </summary>
public sealed partial class GitCredentials : IDisposable
{
    private const string TokenUser = "x-access-token";
    private readonly List<string> files = [];
    private readonly List<string> hidden = [];

    private GitCredentials() { }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public static GitCredentials None { get; } = new();

    /// <summary>Prepares what git needs to use <paramref name="secret"/> for <paramref name="url"/>; no secret means none.</summary>
    public static GitCredentials For(string url, string? secret, string folder)
    {
        if (string.IsNullOrEmpty(secret)) return new GitCredentials();
        Directory.CreateDirectory(folder);
        var credentials = new GitCredentials();
        credentials.hidden.Add(secret);
        if (RepositoryUrls.IsSsh(url))
        {
            var key = credentials.Write(Path.Combine(folder, "farm-ssh-key-" + Guid.NewGuid().ToString("n")[..8]),
                secret.EndsWith('\n') ? secret : secret + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            credentials.Environment["GIT_SSH_COMMAND"] =
                $"ssh -i '{key}' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new";
            return credentials;
        }
        var colon = secret.IndexOf(':');
        var (user, password) = colon > 0 ? (secret[..colon], secret[(colon + 1)..]) : (TokenUser, secret);
        credentials.hidden.Add(password);
        var script = credentials.Write(Path.Combine(folder, "farm-askpass-" + Guid.NewGuid().ToString("n")[..8]),
            "#!/bin/sh\ncase \"$1\" in\n  Username*) printf '%s\\n' \"$FARM_GIT_USERNAME\" ;;\n  *) printf '%s\\n' \"$FARM_GIT_PASSWORD\" ;;\nesac\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        credentials.Environment["GIT_ASKPASS"] = script;
        credentials.Environment["FARM_GIT_USERNAME"] = user;
        credentials.Environment["FARM_GIT_PASSWORD"] = password;
        return credentials;
    }

    /// <summary>The text with every secret value replaced by <c>***</c>.</summary>
    public string Mask(string text)
    {
        foreach (var value in hidden.Where(v => v.Length >= 4).OrderByDescending(v => v.Length))
            text = text.Replace(value, "***", StringComparison.Ordinal);
        return RedactUrl(text);
    }

    /// <summary>Removes user info (<c>user:password@</c>) from URLs in a text.</summary>
    public static string RedactUrl(string text) => UserInfo().Replace(text, "$1***@");

    public void Dispose()
    {
        foreach (var file in files)
            try { File.Delete(file); }
            catch (IOException) { }
    }

    private string Write(string path, string content, UnixFileMode mode)
    {
        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        files.Add(path);
        return path;
    }

    [GeneratedRegex(@"([a-z][a-z0-9+.-]*://)[^/@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfo();
}
