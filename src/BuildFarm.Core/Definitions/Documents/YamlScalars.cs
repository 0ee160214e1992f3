using System.Text.RegularExpressions;

namespace BuildFarm.Core.Definitions.Documents;

/// <summary>How a plain (unquoted) YAML scalar is typed: the YAML 1.2 core schema.</summary>
internal static partial class YamlScalars
{
    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex OtherNumber();

    public static ScalarKind KindOfPlain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
        _ when DecimalInteger().IsMatch(text) => ScalarKind.Integer,
        _ when OtherNumber().IsMatch(text) => ScalarKind.Number,
        _ => ScalarKind.String,
    };

    /// <summary>
    /// Whether a string must be quoted to read back as a string: it would type as something else, here or
    /// in a YAML 1.1 reader (yes/no/on/off), which other tools still use.
    /// </summary>
    public static bool NeedsQuotes(string text) =>
        KindOfPlain(text) != ScalarKind.String ||
        text.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n";
}
