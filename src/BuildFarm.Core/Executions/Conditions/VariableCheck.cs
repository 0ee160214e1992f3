using System.Text.RegularExpressions;

namespace BuildFarm.Core.Executions.Conditions;

/// <summary>
/// A VariableCheck rule: compares the resolved <c>Variable</c> with <c>Value</c>. EQ and NE compare exactly, CONTAINS
/// looks for Value inside the variable, MATCHES requires the whole variable to match the regular expression Value
/// (.NET syntax, which agrees with Java's for the usual patterns).
/// </summary>
public static class VariableCheck
{
    public static readonly IReadOnlyList<string> Operators = ["EQ", "NE", "CONTAINS", "MATCHES"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Null when the pattern compiles; otherwise why not.</summary>
    public static string? PatternProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a valid regular expression: {e.Message}";
        }
    }

    public static RuleVerdict Evaluate(string variable, string op, string value)
    {
        bool passed;
        switch (op.ToUpperInvariant())
        {
            case "EQ": passed = variable == value; break;
            case "NE": passed = variable != value; break;
            case "CONTAINS": passed = variable.Contains(value, StringComparison.Ordinal); break;
            case "MATCHES":
                if (PatternProblem(value) is { } problem) return new RuleVerdict(false, problem);
                try
                {
                    passed = Regex.IsMatch(variable, $"^(?:{value})\\z", RegexOptions.None, MatchTimeout);
                }
                catch (RegexMatchTimeoutException)
                {
                    return new RuleVerdict(false, $"matching '{value}' took longer than {MatchTimeout.TotalSeconds:0} s; simplify the pattern");
                }
                break;
            default:
                return new RuleVerdict(false, $"unknown Operator '{op}'; use one of {string.Join(", ", Operators)}");
        }
        var verb = op.ToUpperInvariant() switch { "EQ" => "equals", "NE" => "differs from", "CONTAINS" => "contains", _ => "matches" };
        return new RuleVerdict(passed, passed ? $"'{variable}' {verb} '{value}'" : $"'{variable}' does not satisfy {op.ToUpperInvariant()} '{value}'");
    }
}

/// <summary>A rule's outcome and why.</summary>
public sealed record RuleVerdict(bool Passed, string Message);
