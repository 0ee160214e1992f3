namespace BuildFarm.Core.Definitions.Documents;

/// <summary>Where a node starts in the source text (1-based).</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>
/// The format-neutral tree that YAML and JSON are both read into, so that one binder serves both
/// and every problem can name its line and column.
/// </summary>
internal abstract record DocumentNode(SourceMark Mark)
{
    /// <summary>How a problem message names what was found ("a list", "string 'x'").</summary>
    public abstract string Describe();
}

internal sealed record MapEntry(string Key, SourceMark KeyMark, DocumentNode Value);

internal sealed record MapNode(SourceMark Mark, IReadOnlyList<MapEntry> Entries) : DocumentNode(Mark)
{
    public override string Describe() => "a map";
}

internal sealed record ListNode(SourceMark Mark, IReadOnlyList<DocumentNode> Items) : DocumentNode(Mark)
{
    public override string Describe() => "a list";
}

internal enum ScalarKind { String, Integer, Number, Boolean, Null }

internal sealed record ScalarNode(SourceMark Mark, string Text, ScalarKind Kind) : DocumentNode(Mark)
{
    public override string Describe() => Kind switch
    {
        ScalarKind.String => $"string '{Text}'",
        ScalarKind.Integer => $"integer {Text}",
        ScalarKind.Number => $"number {Text}",
        ScalarKind.Boolean => $"boolean {Text}",
        _ => "null",
    };
}

/// <summary>What reading a text gave: the root node (null when there is none) and the problems met on the way.</summary>
internal sealed record DocumentReadResult(DocumentNode? Root, IReadOnlyList<Problem> Problems);
