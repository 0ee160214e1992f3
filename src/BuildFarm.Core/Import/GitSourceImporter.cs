using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>
/// CodePipeline's git sources to a Git source action: a connection (<c>CodeStarSourceConnection</c>), CodeCommit and
/// GitHub version 1. The repository's URL is not in a declaration: a connection's is assumed to be on GitHub, a
/// CodeCommit repository gets a placeholder; credentials never are, and are pointed at farm secrets.
/// </summary>
internal sealed class GitSourceImporter(ImportContext context)
{
    /// <summary>The host <c>.invalid</c> never resolves (RFC 2606), so a placeholder left in place fails at its first fetch.</summary>
    public const string PlaceholderHost = "https://codecommit.invalid/v1/repos/";

    private const string Credentials =
        "for a private repository, store its credentials as a farm secret (`farm secret set NAME`: USER:TOKEN for https, a private key for ssh) " +
        "and add `CredentialSecret: NAME` to the action's configuration";

    /// <summary>The variables a Git source publishes; CodePipeline's source variables outside this list are not there.</summary>
    private static readonly string[] Published =
        ["CommitId", "ShortCommitId", "BranchName", "AuthorName", "AuthorEmail", "CommitMessage", "CommittedTime", "RepositoryUrl", "PullRequestId"];

    public bool Handles(string owner, string provider, string category) =>
        category == ActionCategory.Source && (owner, provider) is ("AWS", "CodeStarSourceConnection") or ("AWS", "CodeCommit") or ("ThirdParty", "GitHub");

    public ActionDefinition Import(ActionDefinition action, string path, string subject, string provider)
    {
        var configuration = action.Configuration;
        string url, branchKey, detectKey;
        var read = new List<string>();
        switch (provider)
        {
            case "CodeStarSourceConnection":
                var id = configuration.GetValueOrDefault("FullRepositoryId", "OWNER/REPOSITORY");
                url = $"https://github.com/{id}.git";
                (branchKey, detectKey) = ("BranchName", "DetectChanges");
                read.AddRange(["FullRepositoryId", "ConnectionArn"]);
                context.Changed(path, subject,
                    $"mapped to a Git source on {url}: a connection does not say which host it reaches, so GitHub is assumed",
                    $"for Bitbucket, GitLab or GitHub Enterprise set configuration.Repository to the clone URL; {Credentials}");
                if (configuration.ContainsKey("ConnectionArn"))
                    context.Ignored(ImportContext.Join(path, "configuration.ConnectionArn"),
                        "connections are AWS's: the farm fetches with git itself, with the credentials of the farm secret named by CredentialSecret");
                break;
            case "CodeCommit":
                var name = configuration.GetValueOrDefault("RepositoryName", "REPOSITORY");
                url = PlaceholderHost + name;
                (branchKey, detectKey) = ("BranchName", "PollForSourceChanges");
                read.Add("RepositoryName");
                context.Changed(path, subject,
                    $"mapped to a Git source with the placeholder URL {url}: a CodeCommit repository's URL is not in the declaration",
                    $"set configuration.Repository to its clone URL (https://git-codecommit.REGION.amazonaws.com/v1/repos/{name}, or where it lives now); {Credentials}");
                break;
            default:
                var (owner, repository) = (configuration.GetValueOrDefault("Owner", "OWNER"), configuration.GetValueOrDefault("Repo", "REPOSITORY"));
                url = $"https://github.com/{owner}/{repository}.git";
                (branchKey, detectKey) = ("Branch", "PollForSourceChanges");
                read.AddRange(["Owner", "Repo", "OAuthToken"]);
                context.Changed(path, subject, $"mapped to a Git source on {url}", Credentials);
                if (configuration.ContainsKey("OAuthToken"))
                    context.Ignored(ImportContext.Join(path, "configuration.OAuthToken"),
                        $"a secret value is never imported; {Credentials}");
                break;
        }
        read.AddRange([branchKey, detectKey]);
        var git = new Dictionary<string, string>(StringComparer.Ordinal) { [GitSource.Repository] = url };
        if (configuration.TryGetValue(branchKey, out var branch) && branch.Length > 0) git[GitSource.Branch] = branch;
        var detects = configuration.GetValueOrDefault(detectKey, "true") != "false";
        if (!detects) git[GitSource.PollForSourceChanges] = "false";
        if (configuration.TryGetValue("OutputArtifactFormat", out var format))
        {
            read.Add("OutputArtifactFormat");
            context.Ignored(ImportContext.Join(path, "configuration.OutputArtifactFormat"), format == "CODEBUILD_CLONE_REF"
                ? "the artifact is the commit's tree (never .git); a build that needs git metadata reads the action's variables (#{NAMESPACE.CommitId}, ...)"
                : "the artifact is the commit's tree, content-addressed: there is no zip");
        }
        foreach (var key in configuration.Keys.Where(k => !read.Contains(k)))
            context.Ignored(ImportContext.Join(path, $"configuration.{key}"), $"not a configuration key of {subject} that carries over");
        if (action.Namespace is { } ns)
        {
            var missing = SourceVariables(provider).Where(v => !Published.Contains(v)).ToList();
            if (missing.Count > 0)
                context.Changed(ImportContext.Join(path, "namespace"), subject,
                    $"a Git source publishes {string.Join(", ", Published)}; {string.Join(", ", missing.Select(v => $"#{{{ns}.{v}}}"))} are not published",
                    "use the published variables instead (for example CommittedTime for AuthorDate, RepositoryUrl for FullRepositoryName)");
        }
        context.GitSources[action.Name] = new ImportedGitSource(git.GetValueOrDefault(GitSource.Branch, GitSource.DefaultBranch), detects, path, subject);
        return action with
        {
            Provider = ProviderCatalog.Git.Name,
            Configuration = git,
            InputArtifacts = [],
            OutputArtifacts = action.OutputArtifacts.Take(1).Select(o => o with { Files = [] }).ToList(),
            Commands = [],
            OutputVariables = [],
            TimeoutMinutes = null,
        };
    }

    /// <summary>The variables CodePipeline's source action publishes (its action reference's "variables").</summary>
    private static string[] SourceVariables(string provider) => provider switch
    {
        "CodeStarSourceConnection" => ["AuthorDate", "BranchName", "CommitId", "CommitMessage", "ConnectionArn", "FullRepositoryName"],
        "CodeCommit" => ["AuthorDate", "BranchName", "CommitId", "CommitMessage", "CommitterDate", "RepositoryName"],
        _ => ["AuthorDate", "BranchName", "CommitId", "CommitMessage", "CommitterDate", "CommitUrl", "RepositoryName"],
    };
}

/// <summary>A source action the import turned into a Git source: its branch, whether it started runs on change, and where it was.</summary>
internal sealed record ImportedGitSource(string Branch, bool DetectsChanges, string Path, string Subject);
