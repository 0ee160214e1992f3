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

    /// <summary>Fetches every branch and tag (and the extra refs, such as a pull request's head) into the mirror.</summary>
    public async Task FetchAsync(GitCredentials credentials, IReadOnlyList<string> extraRefs, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "objects")))
        {
            System.IO.Directory.CreateDirectory(Directory);
            await Run(["init", "--bare", "--quiet", Directory], GitCredentials.None, null, cancellationToken);
        }
        List<string> refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", .. extraRefs.Select(r => $"+{r}:{r}")];
        await Run(["fetch", "--quiet", "--prune", "--no-tags", Url, .. refspecs], credentials, Directory, cancellationToken);
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
