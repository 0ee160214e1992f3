using System.Text;
using System.Text.Json;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Reads JSON into the document tree with System.Text.Json's reader, which (unlike JsonDocument) tells where
/// each token starts; duplicate keys are kept for the binder to report. Comments and trailing commas are allowed.
/// </summary>
internal static class JsonDocumentReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static DocumentReadResult Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new DocumentReadResult(null, []);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read()) return new DocumentReadResult(null, []);
            var root = Value(ref reader, lines);
            while (reader.Read()) { }
            return new DocumentReadResult(root, []);
        }
        catch (JsonException e)
        {
            var mark = new SourceMark((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            var reason = e.Message;
            var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (position > 0) reason = reason[..position];
            return new DocumentReadResult(null, [new Problem("", $"{mark}: JSON syntax error: {reason}")]);
        }
    }

    /// <summary>Reads the value whose first token the reader is on, leaving the reader on its last token.</summary>
    private static DocumentNode Value(ref Utf8JsonReader reader, LineIndex lines)
    {
        var mark = lines.MarkOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<MapEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyMark = lines.MarkOf(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    entries.Add(new MapEntry(key, keyMark, Value(ref reader, lines)));
                }
                return new MapNode(mark, entries);
            case JsonTokenType.StartArray:
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Value(ref reader, lines));
                return new ListNode(mark, items);
            case JsonTokenType.String:
                return new ScalarNode(mark, reader.GetString()!, ScalarKind.String);
            case JsonTokenType.Number:
                var number = Encoding.UTF8.GetString(reader.ValueSpan);
                var integral = number.All(c => c is '-' or (>= '0' and <= '9'));
                return new ScalarNode(mark, number, integral ? ScalarKind.Integer : ScalarKind.Number);
            case JsonTokenType.True:
                return new ScalarNode(mark, "true", ScalarKind.Boolean);
            case JsonTokenType.False:
                return new ScalarNode(mark, "false", ScalarKind.Boolean);
            default:
                return new ScalarNode(mark, "null", ScalarKind.Null);
        }
    }

    /// <summary>Turns byte offsets into 1-based line and column (columns count characters, not bytes).</summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        public SourceMark MarkOf(long offset)
        {
            var line = _lineStarts.BinarySearch((int)offset);
            if (line < 0) line = ~line - 1;
            var start = _lineStarts[line];
            return new SourceMark(line + 1, Encoding.UTF8.GetCharCount(_bytes, start, (int)offset - start) + 1);
        }
    }
}
