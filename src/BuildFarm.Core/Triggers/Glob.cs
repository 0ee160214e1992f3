using System.Text;
using System.Text.RegularExpressions;

namespace BuildFarm.Core.Triggers;

/// <summary>
/// A glob over '/'-separated names (branches, tags, file paths): <c>*</c> (within a segment), <c>**</c> (across
/// segments; <c>**/</c> also matches no directory), <c>?</c>, <c>[a-z]</c> / <c>[!a]</c>, <c>{a,b}</c>. Case-sensitive.
/// Written here rather than with FileSystemGlobbing, which has no character classes or alternatives and no way to say
/// that a pattern is malformed.
/// </summary>
public sealed class Glob
{
    private readonly Regex regex;

    private Glob(string pattern, Regex regex)
    {
        Pattern = pattern;
        this.regex = regex;
    }

    public string Pattern { get; }

    public bool IsMatch(string name) => regex.IsMatch(name);

    public override string ToString() => Pattern;

    /// <summary>Null when the pattern is well formed, otherwise what is wrong with it.</summary>
    public static string? Problem(string pattern) => Translate(pattern, out _);

    public static Glob Parse(string pattern) =>
        Translate(pattern, out var expression) is { } problem
            ? throw new ArgumentException($"'{pattern}' is not a valid glob: {problem}", nameof(pattern))
            : new Glob(pattern, new Regex(expression, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));

    private static string? Translate(string pattern, out string expression)
    {
        expression = "";
        if (string.IsNullOrWhiteSpace(pattern)) return "the pattern is empty";
        var regex = new StringBuilder("^");
        var inBraces = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    regex.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 2);
                    if (close < 0) return $"the '[' at position {i + 1} is never closed with ']'";
                    var set = pattern[(i + 1)..close];
                    var negated = set[0] is '!' or '^';
                    if (negated) set = set[1..];
                    if (set.Length == 0) return $"the character class at position {i + 1} is empty";
                    regex.Append(negated ? "[^/" : "[").Append(set.Replace("\\", "\\\\").Replace("[", "\\[")).Append(']');
                    i = close;
                    break;
                case '{':
                    if (inBraces) return $"the '{{' at position {i + 1} is inside another '{{...}}'; alternatives do not nest";
                    inBraces = true;
                    regex.Append("(?:");
                    break;
                case '}':
                    if (!inBraces) return $"the '}}' at position {i + 1} closes no '{{'";
                    inBraces = false;
                    regex.Append(')');
                    break;
                case ',' when inBraces:
                    regex.Append('|');
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (inBraces) return "a '{' is never closed with '}'";
        expression = regex.Append('$').ToString();
        return null;
    }
}
