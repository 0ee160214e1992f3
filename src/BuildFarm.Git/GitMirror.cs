using System.Security.Cryptography;
using System.Text;
using BuildFarm.Core.Triggers;

namespace BuildFarm.Git;

/// <summary>
/// The server's bare copy of one watched repository (under <c>DATA/mirrors/</c>): <c>git ls-remote</c> to see what
/// moved, a fetch of every branch and tag to have the objects, and <c>git diff --name-only</c> over the full range
/// between two commits (no cut-off at any number of files).
/// </summary>
public sealed class GitMirror(string root, string url)
{
    public string Url { get; } = url;

    public string Directory { get; } = Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16] + ".git");

    public async Task<IReadOnlyDictionary<string, string>> ListRemoteAsync(GitCredentials credentials, CancellationToken cancellationToken)
    {
        var output = await Run(["ls-remote", "--heads", "--tags", Url], credentials, null, cancellationToken);
        return GitRefs.ParseLsRemote(output);
    }

    /// <summary>
    /// Fetches every branch and tag into the mirror; when <paramref name="commit"/> is still missing (a pull request's
    /// head lives outside branches), fetches the given ref, then the commit by its id, whichever the server offers.
    /// </summary>
    public async Task FetchAsync(GitCredentials credentials, string? commit, string? reference, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "objects")))
        {
            System.IO.Directory.CreateDirectory(Directory);
            await Run(["init", "--bare", "--quiet", Directory], GitCredentials.None, null, cancellationToken);
        }
        await Run(["fetch", "--quiet", "--prune", "--no-tags", Url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], credentials, Directory, cancellationToken);
        if (commit is null || await HasCommitAsync(commit, cancellationToken)) return;
        foreach (var want in new[] { reference is null ? null : $"+{reference}:{reference}", commit }.OfType<string>())
        {
            var fetched = await GitCli.RunAsync(["fetch", "--quiet", "--no-tags", Url, want], Directory, credentials.Environment, cancellationToken: cancellationToken);
            if (fetched.Succeeded && await HasCommitAsync(commit, cancellationToken)) return;
        }
        throw new GitException($"commit {commit} is not on any branch or tag of {GitCredentials.RedactUrl(Url)}, and the server did not hand it out by {reference ?? "its id"}");
    }

    public async Task<bool> HasCommitAsync(string commit, CancellationToken cancellationToken) =>
        (await GitCli.RunAsync(["cat-file", "-e", commit + "^{commit}"], Directory, cancellationToken: cancellationToken)).Succeeded;

    /// <summary>
    /// Every path that differs between the two commits (renames count as both paths). Without a <paramref name="before"/>
    /// (a new branch) every file of the new commit counts as changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedFilesAsync(string? before, string after, CancellationToken cancellationToken)
    {
        var output = before is not null && await HasCommitAsync(before, cancellationToken)
            ? await Run(["diff", "--name-only", "--no-renames", "-z", before, after], GitCredentials.None, Directory, cancellationToken)
            : await Run(["ls-tree", "-r", "--name-only", "-z", after], GitCredentials.None, Directory, cancellationToken);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>What a pull request changes: the diff from where its head left the target branch (three dots) to its head.</summary>
    public async Task<IReadOnlyList<string>> PullRequestFilesAsync(string targetBranch, string head, CancellationToken cancellationToken)
    {
        var target = GitRefs.Heads + targetBranch;
        var output = await Run(["diff", "--name-only", "--no-renames", "-z", $"{target}...{head}"], GitCredentials.None, Directory, cancellationToken);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<string> Run(IReadOnlyList<string> arguments, GitCredentials credentials, string? directory, CancellationToken cancellationToken)
    {
        try
        {
            return await GitCli.OutputAsync(arguments, directory, credentials.Environment, cancellationToken);
        }
        catch (GitException e)
        {
            throw new GitException(credentials.Mask(e.Message));
        }
    }
}
