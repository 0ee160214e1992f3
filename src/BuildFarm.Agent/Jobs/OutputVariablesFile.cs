using System.Text;

namespace BuildFarm.Agent.Jobs;

/// <summary>Reads what the script's epilogue wrote: NUL-separated <c>name=value</c> records, the last one winning.</summary>
internal static class OutputVariablesFile
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = record.IndexOf('=');
            if (equals > 0) variables[record[..equals]] = record[(equals + 1)..];
        }
        return variables;
    }

    public static IReadOnlyDictionary<string, string> Read(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8)) : new Dictionary<string, string>();
}
