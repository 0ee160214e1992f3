using System.Text.RegularExpressions;

namespace BuildFarm.Core.Definitions;

/// <summary>Names of the farm's secrets: what a declaration may name (never a value).</summary>
public static partial class SecretNames
{
    [GeneratedRegex(@"^[A-Za-z0-9._\-]{1,100}\z")]
    private static partial Regex Pattern();

    public static string? Problem(string name) =>
        Pattern().IsMatch(name) ? null
        : name.Length == 0 ? "the secret name is empty"
        : $"'{name}' is not a secret name: use 1 to 100 characters from A-Z a-z 0-9 . _ - (the name of a farm secret, never the value)";
}
