namespace BuildFarm.Core.Triggers;

/// <summary>Ref names and commit ids as git writes them.</summary>
public static class GitRefs
{
    public const string Heads = "refs/heads/";
    public const string TagsPrefix = "refs/tags/";
    public const string ZeroCommit = "0000000000000000000000000000000000000000";

    public static string ShortName(string reference) =>
        reference.StartsWith(Heads, StringComparison.Ordinal) ? reference[Heads.Length..]
        : reference.StartsWith(TagsPrefix, StringComparison.Ordinal) ? reference[TagsPrefix.Length..]
        : reference;

    public static bool IsCommitId(string? text) =>
        text is { Length: 40 or 64 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>A commit id, or null for git's all-zero "no commit" (a created or deleted ref).</summary>
    public static string? CommitOrNull(string? text) =>
        IsCommitId(text) && text!.Any(c => c != '0') ? text : null;

    public static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;

    /// <summary>
    /// Parses <c>git ls-remote</c> output into ref to commit, for branches and tags only; an annotated tag maps to
    /// the commit it points at (its <c>^{}</c> line).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseLsRemote(string output)
    {
        var refs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            var commit = line[..tab];
            var name = line[(tab + 1)..];
            if (!IsCommitId(commit) || !(name.StartsWith(Heads, StringComparison.Ordinal) || name.StartsWith(TagsPrefix, StringComparison.Ordinal))) continue;
            if (name.EndsWith("^{}", StringComparison.Ordinal)) refs[name[..^3]] = commit;
            else refs.TryAdd(name, commit);
        }
        return refs;
    }

    /// <summary>Refs that appeared, moved or went away between two listings, as (ref, before, after); null means absent.</summary>
    public static IReadOnlyList<(string Ref, string? Before, string? After)> Changes(
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var changes = new List<(string, string?, string?)>();
        foreach (var (name, commit) in after)
            if (!before.TryGetValue(name, out var old) || old != commit) changes.Add((name, before.GetValueOrDefault(name), commit));
        foreach (var name in before.Keys.Where(k => !after.ContainsKey(k))) changes.Add((name, before[name], null));
        return changes.OrderBy(c => c.Item1, StringComparer.Ordinal).ToList();
    }
}
