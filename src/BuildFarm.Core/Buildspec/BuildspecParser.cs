using System.Text.RegularExpressions;
using BuildFarm.Core.Definitions;
using BuildFarm.Core.Definitions.Documents;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Buildspec;

/// <summary>
/// Reads a buildspec (YAML) and checks every key. A key BuildFarm cannot honour is a problem with its path and the
/// reason, never ignored.
/// </summary>
public static partial class BuildspecParser
{
    private static readonly string[] TopKeys = ["version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache"];
    private static readonly string[] EnvKeys = ["shell", "variables", "parameter-store", "secrets-manager", "exported-variables", "git-credential-helper"];
    private static readonly string[] PhaseKeys = ["run-as", "on-failure", "runtime-versions", "commands", "finally"];
    private static readonly string[] ArtifactKeys = ["files", "name", "base-directory", "discard-paths", "exclude-paths", "enable-symlinks", "s3-prefix", "secondary-artifacts"];
    private static readonly string[] ReportKeys = ["files", "base-directory", "discard-paths", "file-format"];
    private static readonly string[] CacheKeys = ["paths", "key", "fallback-keys", "action"];
    private static readonly string[] Shells = ["bash", "/bin/bash", "sh", "/bin/sh"];

    public static BuildspecParseResult Parse(string text)
    {
        var read = YamlDocumentReader.Read(text);
        if (read.Problems.Count > 0 || read.Root is null)
            return new BuildspecParseResult(null, read.Problems.Count > 0 ? read.Problems : [new Problem("", "the buildspec is empty; it needs at least 'version: 0.2' and 'phases'")]);
        var nodes = new BuildspecNodes();
        var buildspec = Read(read.Root, nodes);
        return new BuildspecParseResult(nodes.Problems.Count == 0 ? buildspec : null, nodes.Problems);
    }

    private static BuildspecDefinition Read(DocumentNode root, BuildspecNodes nodes)
    {
        var buildspec = new BuildspecDefinition();
        var entries = nodes.Map(root, "", TopKeys);
        if (root is MapNode && entries.All(e => e.Key != "version") && nodes.Problems.All(p => p.Path != "version"))
            nodes.Add("version", "the buildspec needs 'version: 0.2'");
        foreach (var (key, _, value) in entries)
        {
            switch (key)
            {
                case "version":
                    var version = nodes.Scalar(value, key);
                    if (version is not null && version != "0.2")
                        nodes.Add(key, version == "0.1"
                            ? "version 0.1 (each command in its own shell) is not supported; BuildFarm runs version 0.2"
                            : $"'{version}' is not a buildspec version BuildFarm runs; use 0.2");
                    break;
                case "run-as":
                    nodes.Add(key, "is not supported: every command runs as the agent's user (BuildFarm does not switch Linux users)");
                    break;
                case "proxy":
                    nodes.Add(key, "is not supported: agents reach the farm directly; configure a proxy in the agent's environment instead");
                    break;
                case "batch":
                    buildspec = buildspec with { Batch = Batch(value, nodes) };
                    break;
                case "env":
                    buildspec = buildspec with { Env = Env(value, nodes) };
                    break;
                case "phases":
                    buildspec = buildspec with { Phases = Phases(value, nodes) };
                    break;
                case "artifacts":
                    var (primary, secondary) = Artifacts(value, nodes);
                    buildspec = buildspec with { Artifacts = primary, SecondaryArtifacts = secondary };
                    break;
                case "cache":
                    buildspec = buildspec with { CachePaths = Cache(value, nodes) };
                    break;
                case "reports":
                    buildspec = buildspec with { Reports = Reports(value, nodes) };
                    break;
            }
        }
        if (buildspec.Phases.All(p => p.Commands.Count == 0 && p.Finally.Count == 0) && !nodes.Problems.Any(p => p.Path.StartsWith("phases", StringComparison.Ordinal))
            && buildspec.Batch?.EveryBuildHasItsOwnBuildspec != true)
            nodes.Add("phases", "the buildspec runs no commands; give at least one phase with 'commands'");
        return buildspec;
    }

    private static BuildspecEnv Env(DocumentNode node, BuildspecNodes nodes)
    {
        var env = new BuildspecEnv();
        foreach (var (key, _, value) in nodes.Map(node, "env", EnvKeys))
        {
            var path = $"env.{key}";
            switch (key)
            {
                case "shell":
                    var shell = nodes.Scalar(value, path);
                    if (shell is null) break;
                    if (!Shells.Contains(shell))
                        nodes.Add(path, $"shell '{shell}' is not supported on Linux agents; use bash or /bin/sh (powershell.exe and cmd.exe are Windows shells)");
                    else env = env with { Shell = shell };
                    break;
                case "variables":
                    env = env with { Variables = Variables(value, path, nodes) };
                    break;
                case "parameter-store" or "secrets-manager":
                    env = env with { Secrets = [.. env.Secrets, .. Secrets(value, path, nodes, parameterStore: key == "parameter-store")] };
                    break;
                case "exported-variables":
                    var names = nodes.Strings(value, path, "variable name");
                    for (var i = 0; i < names.Count; i++)
                    {
                        if (VariableNameProblem(names[i]) is { } problem) nodes.Add($"{path}[{i}]", problem);
                        else if (names[i].StartsWith("AWS_", StringComparison.Ordinal)) nodes.Add($"{path}[{i}]", $"'{names[i]}': names starting with AWS_ cannot be exported");
                    }
                    env = env with { ExportedVariables = names.Distinct().ToList() };
                    break;
                case "git-credential-helper":
                    if (nodes.YesNo(value, path))
                        nodes.Add(path, "'yes' is not supported: BuildFarm has no credential helper to give git; leave it out or say 'no'");
                    break;
            }
        }
        ExportedSecrets(env, nodes);
        return env;
    }

    /// <summary>Plain variables: shell names to their text.</summary>
    private static Dictionary<string, string> Variables(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in nodes.Map(node, path))
        {
            var variablePath = $"{path}.{entry.Key}";
            if (VariableNameProblem(entry.Key) is { } problem) nodes.Add(variablePath, problem);
            else if (nodes.Scalar(entry.Value, variablePath, allowNull: true) is { } text) variables[entry.Key] = text;
        }
        return variables;
    }

    private static IReadOnlyList<BuildspecPhase> Phases(DocumentNode node, BuildspecNodes nodes)
    {
        var phases = BuildspecPhase.Names.ToDictionary(n => n, n => new BuildspecPhase { Name = n });
        foreach (var (name, _, value) in nodes.Map(node, "phases", BuildspecPhase.Names.ToArray(), "the phases are install, pre_build, build and post_build"))
            phases[name] = Phase(name, value, nodes);
        return BuildspecPhase.Names.Select(n => phases[n]).ToList();
    }

    private static BuildspecPhase Phase(string name, DocumentNode node, BuildspecNodes nodes)
    {
        var phase = new BuildspecPhase { Name = name };
        var path = $"phases.{name}";
        if (node is ScalarNode { Kind: ScalarKind.Null }) return phase;
        foreach (var (key, _, value) in nodes.Map(node, path, PhaseKeys))
        {
            var keyPath = $"{path}.{key}";
            switch (key)
            {
                case "commands":
                    phase = phase with { Commands = Commands(value, keyPath, nodes) };
                    break;
                case "finally":
                    phase = phase with { Finally = Commands(value, keyPath, nodes) };
                    break;
                case "on-failure":
                    var onFailure = nodes.Scalar(value, keyPath);
                    if (onFailure == "ABORT") phase = phase with { OnFailure = OnFailure.Abort };
                    else if (onFailure == "CONTINUE") phase = phase with { OnFailure = OnFailure.Continue };
                    else if (onFailure is not null)
                        nodes.Add(keyPath, onFailure.StartsWith("RETRY", StringComparison.Ordinal)
                            ? $"'{onFailure}' is not supported (ABORT or CONTINUE); retry the action with the pipeline's retry instead"
                            : $"'{onFailure}' is not supported (ABORT or CONTINUE)");
                    break;
                case "run-as":
                    nodes.Add(keyPath, "is not supported: every command runs as the agent's user (BuildFarm does not switch Linux users)");
                    break;
                case "runtime-versions":
                    if (name != BuildspecPhase.Install)
                        nodes.Add(keyPath, "runtime-versions belongs to the install phase only");
                    else
                        foreach (var entry in nodes.Map(value, keyPath))
                            nodes.Add($"{keyPath}.{entry.Key}", "is not supported: agents have no managed runtime images; install the runtime with the install phase's commands, or run on an agent that has it");
                    break;
            }
        }
        return phase;
    }

    private static IReadOnlyList<string> Commands(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var commands = nodes.Strings(node, path, "command");
        for (var i = 0; i < commands.Count; i++)
            if (string.IsNullOrWhiteSpace(commands[i])) nodes.Add($"{path}[{i}]", "the command is empty");
        return commands;
    }

    private static (ArtifactSection?, IReadOnlyDictionary<string, ArtifactSection>) Artifacts(DocumentNode node, BuildspecNodes nodes)
    {
        var secondary = new Dictionary<string, ArtifactSection>(StringComparer.Ordinal);
        var primary = Section("artifacts", node, nodes, allowSecondary: true, secondary);
        return (primary, secondary);
    }

    private static ArtifactSection? Section(string path, DocumentNode node, BuildspecNodes nodes, bool allowSecondary, Dictionary<string, ArtifactSection> secondary)
    {
        var section = new ArtifactSection { Path = path };
        var hasFiles = false;
        foreach (var (key, _, value) in nodes.Map(node, path, allowSecondary ? ArtifactKeys : ArtifactKeys[..^1]))
        {
            var keyPath = $"{path}.{key}";
            switch (key)
            {
                case "files":
                    hasFiles = true;
                    section = section with { Files = Globs(value, keyPath, nodes) };
                    break;
                case "name":
                    section = section with { Name = nodes.Scalar(value, keyPath) };
                    break;
                case "base-directory":
                    section = section with { BaseDirectory = RelativeDirectory(value, keyPath, nodes) };
                    break;
                case "discard-paths":
                    section = section with { DiscardPaths = nodes.YesNo(value, keyPath) };
                    break;
                case "exclude-paths":
                    section = section with { ExcludePaths = Globs(value, keyPath, nodes) };
                    break;
                case "enable-symlinks":
                    if (nodes.YesNo(value, keyPath))
                        nodes.Add(keyPath, "'yes' is not supported: artifacts hold regular files only (a link to a file inside the build is stored as the file)");
                    break;
                case "s3-prefix":
                    nodes.Add(keyPath, "is not supported: artifacts go to the farm's content store, not to S3");
                    break;
                case "secondary-artifacts":
                    foreach (var entry in nodes.Map(value, keyPath))
                    {
                        if (Section($"{keyPath}.{entry.Key}", entry.Value, nodes, allowSecondary: false, secondary) is { } child)
                            secondary[entry.Key] = child;
                    }
                    break;
            }
        }
        if (node is MapNode && !hasFiles)
        {
            nodes.Add(path, allowSecondary
                ? "'files' is required (CodeBuild requires artifacts.files even when only secondary artifacts are used), e.g. files: ['**/*']"
                : "'files' is required, e.g. files: ['**/*']");
            return null;
        }
        return node is MapNode ? section : null;
    }

    private static IReadOnlyList<string> Cache(DocumentNode node, BuildspecNodes nodes)
    {
        IReadOnlyList<string> paths = [];
        foreach (var (key, _, value) in nodes.Map(node, "cache", CacheKeys))
        {
            var path = $"cache.{key}";
            if (key == "paths") paths = CachePaths(value, path, nodes);
            else nodes.Add(path, $"is not supported: the cache is one entry per pipeline action, restored before install and saved after a successful build; leave '{key}' out");
        }
        return paths;
    }

    private static IReadOnlyList<string> CachePaths(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var paths = nodes.Strings(node, path, "path");
        for (var i = 0; i < paths.Count; i++)
        {
            var glob = paths[i].StartsWith("~/", StringComparison.Ordinal) ? paths[i][2..] : paths[i];
            if (paths[i].StartsWith('/'))
                nodes.Add($"{path}[{i}]", $"'{paths[i]}' is absolute; cache paths are relative to the source directory, or to the job's home with '~/'");
            else if (GlobProblem(glob) is { } problem)
                nodes.Add($"{path}[{i}]", problem);
        }
        return paths;
    }

    private static IReadOnlyList<ReportGroupSection> Reports(DocumentNode node, BuildspecNodes nodes)
    {
        var groups = new List<ReportGroupSection>();
        foreach (var (name, _, value) in nodes.Map(node, "reports"))
        {
            var path = $"reports.{name}";
            if (name.StartsWith("arn:", StringComparison.Ordinal))
            {
                nodes.Add(path, "a report group ARN is not supported; name the group (the name is what 'farm tests' shows)");
                continue;
            }
            var group = new ReportGroupSection { Name = name };
            var hasFiles = false;
            foreach (var (key, _, keyValue) in nodes.Map(value, path, ReportKeys))
            {
                var keyPath = $"{path}.{key}";
                switch (key)
                {
                    case "files":
                        hasFiles = true;
                        group = group with { Files = Globs(keyValue, keyPath, nodes) };
                        break;
                    case "base-directory":
                        group = group with { BaseDirectory = RelativeDirectory(keyValue, keyPath, nodes) };
                        break;
                    case "discard-paths":
                        group = group with { DiscardPaths = nodes.YesNo(keyValue, keyPath) };
                        break;
                    case "file-format":
                        var format = nodes.Scalar(keyValue, keyPath);
                        if (format is null) break;
                        if (TestReportFormats.Supported.Contains(format)) group = group with { FileFormat = format };
                        else if (TestReportFormats.Unsupported.Contains(format))
                            nodes.Add(keyPath, $"'{format}' is not supported; BuildFarm reads {string.Join(", ", TestReportFormats.Supported)}");
                        else
                            nodes.Add(keyPath, $"'{format}' is not a report file format{Suggestions.DidYouMean(format, TestReportFormats.Supported)}; BuildFarm reads {string.Join(", ", TestReportFormats.Supported)}");
                        break;
                }
            }
            if (value is MapNode && !hasFiles) nodes.Add(path, "'files' is required: globs of the report files, e.g. files: ['**/*.xml']");
            groups.Add(group);
        }
        return groups;
    }

    private static IReadOnlyList<string> Globs(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var globs = nodes.Strings(node, path, "glob");
        for (var i = 0; i < globs.Count; i++)
            if (GlobProblem(globs[i]) is { } problem) nodes.Add($"{path}[{i}]", problem);
        return globs;
    }

    private static string? RelativeDirectory(DocumentNode node, string path, BuildspecNodes nodes)
    {
        var directory = nodes.Scalar(node, path);
        if (directory is null) return null;
        if (directory.StartsWith('/')) nodes.Add(path, $"'{directory}' is absolute; give a directory relative to the source directory");
        else if (directory.Split('/').Contains("..")) nodes.Add(path, $"'{directory}' contains '..'; it may not leave the source directory");
        else return directory.Trim('/');
        return null;
    }

    private static string? GlobProblem(string glob)
    {
        if (string.IsNullOrWhiteSpace(glob)) return "the glob is empty";
        if (glob.StartsWith('/')) return $"'{glob}' is absolute; globs are relative to the source directory (or to base-directory)";
        if (glob.Split('/').Contains("..")) return $"'{glob}' contains '..'; globs may not leave the source directory";
        return null;
    }

    /// <summary>Shell variable names; CODEBUILD_ is CodeBuild's own prefix.</summary>
    private static string? VariableNameProblem(string name)
    {
        if (!ShellName().IsMatch(name)) return $"'{name}' is not a shell variable name (letters, digits and '_', not starting with a digit)";
        if (name.StartsWith("CODEBUILD_", StringComparison.Ordinal)) return $"'{name}': the CODEBUILD_ prefix is reserved for the variables the build sets";
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellName();
}
