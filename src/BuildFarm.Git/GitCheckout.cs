using BuildFarm.Core.Triggers;

namespace BuildFarm.Git;

/// <summary>The commit a checkout ended on, and what the Git source publishes about it.</summary>
public sealed record CommitInfo(string CommitId, string AuthorName, string AuthorEmail, DateTimeOffset CommittedAt, string Message);

/// <summary>
/// Fetches exactly one commit into a private repository and writes its tree into a folder (no <c>.git</c> there).
/// Shallow first (<c>git fetch --depth 1 URL COMMIT</c>, which file:// and servers that allow it accept); when the
/// server refuses a commit id, the branch (or the given ref) is fetched in full and the commit looked up in it.
/// </summary>
public sealed class GitCheckout(string repository, GitCredentials credentials, Action<string> log)
{
    public async Task<string> FetchAsync(string url, string? commit, string branch, string? reference, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(repository, "objects")))
            await Git(["init", "--bare", "--quiet", repository], null, cancellationToken);
        if (commit is null)
        {
            log($"[farm] git: fetching the head of branch '{branch}' of {GitCredentials.RedactUrl(url)}");
            await Git(["fetch", "--quiet", "--depth", "1", "--no-tags", url, GitRefs.Heads + branch], repository, cancellationToken);
            return (await Git(["rev-parse", "FETCH_HEAD^{commit}"], repository, cancellationToken)).Trim();
        }
        log($"[farm] git: fetching commit {commit} of {GitCredentials.RedactUrl(url)}");
        var shallow = await GitCli.RunAsync(["fetch", "--quiet", "--depth", "1", "--no-tags", url, commit], repository, credentials.Environment,
            cancellationToken: cancellationToken);
        if (shallow.Succeeded) return commit;
        log($"[farm] git: the server refused a fetch by commit id ({credentials.Mask(shallow.ErrorTail)}); fetching {reference ?? "branch " + branch} in full");
        await Git(["fetch", "--quiet", "--no-tags", url, reference ?? GitRefs.Heads + branch], repository, cancellationToken);
        var present = await GitCli.RunAsync(["cat-file", "-e", commit + "^{commit}"], repository, cancellationToken: cancellationToken);
        if (!present.Succeeded)
            throw new GitException($"commit {commit} is not in {reference ?? "branch '" + branch + "'"} of {GitCredentials.RedactUrl(url)} (was the branch force-pushed?)");
        return commit;
    }

    /// <summary>Writes the commit's tree into <paramref name="folder"/>; the repository stays outside it.</summary>
    public Task CheckoutAsync(string commit, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        return Git(["--work-tree", folder, "checkout", "--quiet", "--force", commit, "--", "."], repository, cancellationToken);
    }

    public async Task<CommitInfo> DescribeAsync(string commit, CancellationToken cancellationToken)
    {
        var text = await Git(["log", "-1", "--format=%H%x00%an%x00%ae%x00%cI%x00%B", commit], repository, cancellationToken);
        var parts = text.Split('\0', 5);
        return new CommitInfo(parts[0].Trim(), parts[1], parts[2], DateTimeOffset.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture),
            parts[4].TrimEnd());
    }

    private async Task<string> Git(IReadOnlyList<string> arguments, string? directory, CancellationToken cancellationToken)
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
