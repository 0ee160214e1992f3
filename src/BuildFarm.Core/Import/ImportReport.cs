using BuildFarm.Core.Definitions;

namespace BuildFarm.Core.Import;

public enum ImportSeverity
{
    /// <summary>No local equivalent: a stand-in was written in its place, and the import fails unless allowed.</summary>
    Unsupported,
    /// <summary>Mapped, but differently enough that the user must look (for example CodeBuild to Commands).</summary>
    Changed,
    /// <summary>A field with no meaning here, left out for the reason given.</summary>
    Ignored,
}

/// <summary>One thing the import could not carry over as it was: where (the CodePipeline path), what, and what to do.</summary>
public sealed record ImportNote(ImportSeverity Severity, string Path, string Subject, string Message, string? Suggestion = null)
{
    public override string ToString() =>
        $"{Path}{(Subject.Length == 0 ? "" : $" ({Subject})")}: {Message}{(Suggestion is null ? "" : $"; suggestion: {Suggestion}")}";
}

/// <summary>What an import gave: our declaration (null when the input could not be read at all), the notes, and the validation problems of the result.</summary>
public sealed record ImportResult(PipelineDefinition? Definition, IReadOnlyList<ImportNote> Notes, IReadOnlyList<Problem> Problems)
{
    public bool HasUnsupported => Notes.Any(n => n.Severity == ImportSeverity.Unsupported);
}
