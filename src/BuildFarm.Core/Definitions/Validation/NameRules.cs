using System.Text.RegularExpressions;

namespace BuildFarm.Core.Definitions.Validation;

/// <summary>The forms of names (CodePipeline's limits); each check answers null when fine, otherwise what is wrong and what is allowed.</summary>
internal static partial class NameRules
{
    [GeneratedRegex(@"^[A-Za-z0-9.@\-_]{1,100}\z")]
    private static partial Regex EntityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{1,100}\z")]
    private static partial Regex ArtifactPattern();

    [GeneratedRegex(@"^[A-Za-z0-9@\-_]{1,100}\z")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^[A-Za-z0-9@\-_]{1,128}\z")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex OutputVariablePattern();

    /// <summary>Pipeline, stage and action names.</summary>
    public static string? Entity(string what, string value) =>
        Check(what, value, EntityPattern(), "1 to 100 characters from A-Z a-z 0-9 . @ - _");

    public static string? Artifact(string value) =>
        Check("artifact name", value, ArtifactPattern(), "1 to 100 characters from A-Z a-z 0-9 - _");

    public static string? Namespace(string value) =>
        Check("namespace", value, NamespacePattern(), "1 to 100 characters from A-Z a-z 0-9 @ - _");

    public static string? Variable(string value) =>
        Check("variable name", value, VariablePattern(), "1 to 128 characters from A-Z a-z 0-9 @ - _");

    public static string? OutputVariable(string value) =>
        Check("output variable name", value, OutputVariablePattern(),
            "a shell variable name: a letter or '_', then up to 127 letters, digits or '_'");

    /// <summary>Null when the text fits, otherwise how long it is and what the limit is.</summary>
    public static string? Length(string what, string? value, int max) =>
        value is not null && value.Length > max ? $"the {what} is {value.Length} characters long; at most {max} are allowed" : null;

    private static string? Check(string what, string value, Regex pattern, string rule) =>
        pattern.IsMatch(value) ? null
        : value.Length == 0 ? $"the {what} is empty; use {rule}"
        : $"'{value}' is not a valid {what}: use {rule}";
}
