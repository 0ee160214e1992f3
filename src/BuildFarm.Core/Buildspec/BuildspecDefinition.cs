namespace BuildFarm.Core.Buildspec;

/// <summary>
/// A CodeBuild buildspec (version 0.2) as BuildFarm runs it. Immutable, so that a caller (a batch child, later)
/// can run it with overrides through <c>with</c>.
/// </summary>
public sealed record BuildspecDefinition
{
    public string Version { get; init; } = "0.2";
    public BuildspecEnv Env { get; init; } = new();
    /// <summary>The four phases in their fixed order; a phase the buildspec leaves out has no commands.</summary>
    public IReadOnlyList<BuildspecPhase> Phases { get; init; } = BuildspecPhase.Names.Select(n => new BuildspecPhase { Name = n }).ToList();
    /// <summary>The primary artifact section, or null when the buildspec has none.</summary>
    public ArtifactSection? Artifacts { get; init; }
    /// <summary>secondary-artifacts by artifact identifier (the output artifact's name).</summary>
    public IReadOnlyDictionary<string, ArtifactSection> SecondaryArtifacts { get; init; } = new Dictionary<string, ArtifactSection>();
    public IReadOnlyList<string> CachePaths { get; init; } = [];
    public IReadOnlyList<ReportGroupSection> Reports { get; init; } = [];
    /// <summary>The batch section: this action runs as several builds. A build of a batch ignores it.</summary>
    public BuildspecBatch? Batch { get; init; }

    public BuildspecPhase Phase(string name) => Phases.First(p => p.Name == name);
}

public sealed record BuildspecEnv
{
    /// <summary><c>bash</c> (default) or <c>/bin/sh</c>.</summary>
    public string Shell { get; init; } = "bash";
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> ExportedVariables { get; init; } = [];
    /// <summary>env.secrets-manager and env.parameter-store: variables whose values are farm secrets.</summary>
    public IReadOnlyList<BuildspecSecret> Secrets { get; init; } = [];
}

public enum OnFailure { Abort, Continue }

public sealed record BuildspecPhase
{
    public const string Install = "install";
    public const string PreBuild = "pre_build";
    public const string Build = "build";
    public const string PostBuild = "post_build";

    public static readonly IReadOnlyList<string> Names = [Install, PreBuild, Build, PostBuild];

    public required string Name { get; init; }
    public IReadOnlyList<string> Commands { get; init; } = [];
    public IReadOnlyList<string> Finally { get; init; } = [];
    public OnFailure OnFailure { get; init; } = OnFailure.Abort;
}

/// <summary>One artifact section (<c>artifacts</c>, or one entry of <c>secondary-artifacts</c>).</summary>
public sealed record ArtifactSection
{
    /// <summary>Where the section sits in the buildspec, for problems (<c>artifacts</c>, <c>artifacts.secondary-artifacts.docs</c>).</summary>
    public required string Path { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public string? Name { get; init; }
    public string? BaseDirectory { get; init; }
    public bool DiscardPaths { get; init; }
    public IReadOnlyList<string> ExcludePaths { get; init; } = [];
}

public sealed record ReportGroupSection
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public string? BaseDirectory { get; init; }
    public bool DiscardPaths { get; init; }
    public string FileFormat { get; init; } = Reports.TestReportFormats.JUnitXml;
}
