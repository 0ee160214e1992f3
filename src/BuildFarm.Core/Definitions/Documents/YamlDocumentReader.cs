using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Reads YAML into the document tree from YamlDotNet's parser events (not its representation model, which
/// stops at the first duplicate key: the binder reports every duplicate instead).
/// </summary>
internal static partial class YamlDocumentReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    public static DocumentReadResult Read(string text)
    {
        var problems = new List<Problem>();
        YamlCommentWatch.Report(text, problems);
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var reading = new Reading(parser, problems);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Current is null || parser.Accept<StreamEnd>(out _)) return new DocumentReadResult(null, problems);
            parser.Consume<DocumentStart>();
            var root = reading.Node();
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
                problems.Add(new Problem("", $"{MarkOf(second)}: the file holds more than one YAML document; declare one pipeline per file"));
            return new DocumentReadResult(root, problems);
        }
        catch (YamlException e)
        {
            var reason = PositionPrefix().Replace(e.Message, "");
            problems.Add(new Problem("", $"{new SourceMark((int)e.Start.Line, (int)e.Start.Column)}: YAML syntax error: {reason}"));
            return new DocumentReadResult(null, problems);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections, without a position.
            problems.Add(new Problem("", $"{reading.LastMark}: YAML syntax error: the text after this point cannot be read " +
                                         "(look for an unclosed '[', '{' or quote)"));
            return new DocumentReadResult(null, problems);
        }
    }

    private static SourceMark MarkOf(ParsingEvent e) => new((int)e.Start.Line, (int)e.Start.Column);

    private sealed class Reading(IParser parser, List<Problem> problems)
    {
        private readonly Dictionary<string, DocumentNode> _anchors = new(StringComparer.Ordinal);

        /// <summary>Where the last event read started: the best position to give when the scanner fails without one.</summary>
        public SourceMark LastMark { get; private set; } = new(1, 1);

        public DocumentNode Node()
        {
            var current = parser.Current ?? throw new YamlException("unexpected end of the document");
            var mark = MarkOf(current);
            LastMark = mark;
            parser.MoveNext();
            DocumentNode node;
            switch (current)
            {
                case Scalar scalar:
                    var kind = scalar.Tag.IsEmpty
                        ? scalar.Style == ScalarStyle.Plain ? YamlScalars.KindOfPlain(scalar.Value) : ScalarKind.String
                        : scalar.Tag.Value is StringTag or "!" ? ScalarKind.String : YamlScalars.KindOfPlain(scalar.Value);
                    node = new ScalarNode(mark, scalar.Value, kind);
                    Remember(scalar.Anchor, node);
                    return node;
                case SequenceStart sequence:
                    var items = new List<DocumentNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Node());
                    node = new ListNode(mark, items);
                    Remember(sequence.Anchor, node);
                    return node;
                case MappingStart mapping:
                    var entries = new List<MapEntry>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var key = Node();
                        var value = Node();
                        if (key is ScalarNode { Kind: not ScalarKind.Null } scalarKey)
                            entries.Add(new MapEntry(scalarKey.Text, key.Mark, value));
                        else
                            problems.Add(new Problem("", $"{key.Mark}: a key must be a plain name, found {key.Describe()}"));
                    }
                    node = new MapNode(mark, entries);
                    Remember(mapping.Anchor, node);
                    return node;
                case AnchorAlias alias:
                    if (_anchors.TryGetValue(alias.Value.Value, out var anchored)) return anchored;
                    throw new YamlException(current.Start, current.End, $"the alias '*{alias.Value.Value}' names no anchor defined before it");
                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }
        }

        private void Remember(AnchorName anchor, DocumentNode node)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        }
    }
}
