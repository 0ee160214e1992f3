using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Passes parser events on without comments, and reports the YAML trap of this domain: in <c>Path: #{variables.dir}</c>
/// the <c>#</c> after a space starts a comment, so the value silently disappears.
/// </summary>
internal sealed class YamlCommentWatch(IParser inner, List<Problem> problems) : IParser
{
    private bool _ended;

    /// <summary>Null at the end: a stream of nothing but comments ends without a StreamEnd event.</summary>
    public ParsingEvent? Current => _ended ? null : inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            if (inner.Current is not Comment comment) return true;
            if (comment.Value.StartsWith('{') && comment.Value.Contains('}'))
                problems.Add(new Problem("", $"line {comment.Start.Line}, column {comment.Start.Column}: '#{comment.Value.Split('}')[0]}}}' " +
                                             "after a space starts a YAML comment and is left out of the value; put the value in quotes"));
        }
        _ended = true;
        return false;
    }
}
