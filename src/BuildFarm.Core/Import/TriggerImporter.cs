using System.Text.Json;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

/// <summary>
/// V2 <c>triggers</c> to ours, filter for filter. A source action that detected changes without a trigger
/// (CodePipeline's default: DetectChanges / PollForSourceChanges) gets a push trigger on its branch.
/// </summary>
internal sealed class TriggerImporter(ImportContext context)
{
    private const int MaxFilters = 3;

    public List<TriggerDefinition> Import(Dictionary<string, JsonElement> fields, string path)
    {
        var triggers = new List<TriggerDefinition>();
        var triggered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, i) in ImportContext.Items(fields, "triggers"))
            if (Trigger(element, $"{ImportContext.Join(path, "triggers")}[{i}]") is { } trigger && triggered.Add(trigger.GitConfiguration!.SourceActionName))
                triggers.Add(trigger);
        foreach (var (name, source) in context.GitSources.Where(s => s.Value.DetectsChanges && !triggered.Contains(s.Key)))
        {
            triggers.Add(new TriggerDefinition
            {
                ProviderType = TriggerDefinition.Git,
                GitConfiguration = new GitTriggerConfiguration
                {
                    SourceActionName = name,
                    Push = [new GitPushFilter { Branches = new GitFilter { Includes = [source.Branch] } }],
                },
            });
            context.Changed(source.Path, source.Subject,
                $"the source started the pipeline on every change to its branch; that is now a push trigger on '{source.Branch}' (triggers[{triggers.Count - 1}])",
                "pushes are seen by polling, or at once with a webhook: POST /webhooks/github on the server's HTTP port, signed with the farm secret 'webhook'");
        }
        return triggers;
    }

    private TriggerDefinition? Trigger(JsonElement element, string path)
    {
        var fields = context.Object(element, path, ["providerType", "gitConfiguration"]);
        var gitPath = ImportContext.Join(path, "gitConfiguration");
        var git = fields.TryGetValue("gitConfiguration", out var gitElement)
            ? context.Object(gitElement, gitPath, ["sourceActionName", "push", "pullRequest"])
            : [];
        var source = ImportContext.Text(git, "sourceActionName") ?? "";
        var subject = $"{ImportContext.Text(fields, "providerType")} on {source}";
        if (!context.GitSources.ContainsKey(source))
        {
            context.Unsupported(path, subject, $"source action '{source}' was not imported as a Git source, so its trigger is left out",
                "start executions with `farm start PIPELINE`, or make the source a Git source and declare the trigger again");
            return null;
        }
        var push = new List<GitPushFilter>();
        foreach (var (item, i) in ImportContext.Items(git, "push"))
            push.AddRange(Push(item, $"{ImportContext.Join(gitPath, "push")}[{i}]", subject));
        if (push.Count > MaxFilters)
        {
            context.Unsupported(ImportContext.Join(gitPath, "push"), subject,
                $"splitting filters that watch both branches and tags gave {push.Count} push filters; the first {MaxFilters} are kept",
                "merge the branch globs of the filters left out into one filter");
            push = push.Take(MaxFilters).ToList();
        }
        var pullRequest = ImportContext.Items(git, "pullRequest")
            .Select(p => PullRequest(p.Item, $"{ImportContext.Join(gitPath, "pullRequest")}[{p.Index}]")).ToList();
        return new TriggerDefinition
        {
            ProviderType = TriggerDefinition.Git,
            GitConfiguration = new GitTriggerConfiguration { SourceActionName = source, Push = push, PullRequest = pullRequest },
        };
    }

    /// <summary>One filter, or two when it watches branches and tags: here a push filter watches one or the other.</summary>
    private IEnumerable<GitPushFilter> Push(JsonElement element, string path, string subject)
    {
        var fields = context.Object(element, path, ["branches", "tags", "filePaths"]);
        var (branches, tags, files) = (Filter(fields, "branches", path), Filter(fields, "tags", path), Filter(fields, "filePaths", path));
        if (tags is null) return [new GitPushFilter { Branches = branches, FilePaths = files }];
        if (branches is null && files is null) return [new GitPushFilter { Tags = tags }];
        context.Changed(path, subject, "the filter watches branches and tags: it became two filters, one for the branches (with the file paths) and one for the tags" +
                                       (files is null ? "" : " (a tag push has no changed files, so the file paths do not apply to it)"));
        return [new GitPushFilter { Branches = branches ?? new GitFilter { Includes = ["**"] }, FilePaths = files }, new GitPushFilter { Tags = tags }];
    }

    private GitPullRequestFilter PullRequest(JsonElement element, string path)
    {
        var fields = context.Object(element, path, ["events", "branches", "filePaths"]);
        return new GitPullRequestFilter
        {
            Events = ImportContext.Strings(fields, "events"),
            Branches = Filter(fields, "branches", path),
            FilePaths = Filter(fields, "filePaths", path),
        };
    }

    private GitFilter? Filter(Dictionary<string, JsonElement> fields, string name, string path)
    {
        if (!fields.TryGetValue(name, out var element)) return null;
        var filter = context.Object(element, ImportContext.Join(path, name), ["includes", "excludes"]);
        return new GitFilter { Includes = ImportContext.Strings(filter, "includes"), Excludes = ImportContext.Strings(filter, "excludes") };
    }
}
