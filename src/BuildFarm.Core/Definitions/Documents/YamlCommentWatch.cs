using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>
/// Reports the YAML trap of this domain: in <c>Path: #{variables.dir}</c> the <c>#</c> after a space starts a comment,
/// so the value silently disappears. It reads the scanner's tokens on their own: YamlDotNet's parser fails on comment
/// events in some valid places (after a flow sequence in a block mapping), so the parser itself skips comments.
/// </summary>
internal static class YamlCommentWatch
{
    public static void Report(string text, List<Problem> problems)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: false);
        try
        {
            while (scanner.MoveNext())
                if (scanner.Current is Comment { Value: var value } comment && value.StartsWith('{') && value.Contains('}'))
                    problems.Add(new Problem("", $"line {comment.Start.Line}, column {comment.Start.Column}: '#{value.Split('}')[0]}}}' " +
                                                 "after a space starts a YAML comment and is left out of the value; put the value in quotes"));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // A syntax error (YamlDotNet throws InvalidOperationException for some): the parser reports it, with its position.
        }
    }
}
