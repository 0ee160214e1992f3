using System.Text.RegularExpressions;

namespace BuildFarm.Storage.Logs;

/// <summary>The form of a log key (a job id such as 'ex-abc/Build/Compile/2'), shared by every log store.</summary>
public static partial class LogKeys
{
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key))
            throw new ArgumentException("a log key must not be empty; expected a job id such as 'ex-abc/Build/Compile/2'", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (!SegmentPattern().IsMatch(segment) || segment is "." or "..")
                throw new ArgumentException(
                    $"log key '{key}' has an invalid segment '{segment}': segments are separated by single '/' and are " +
                    "names of letters, digits, '.', '@', '-' and '_' (not '.' or '..'), as in 'ex-abc/Build/Compile/2'",
                    nameof(key));
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9.@\-_]+\z")]
    private static partial Regex SegmentPattern();
}
