namespace BuildFarm.Cli.Parsing;

/// <summary>Parses <c>KEY=VALUE</c> pairs from flags (<c>--var k=v</c> repeated, <c>--labels k=v,k2=v2</c>).</summary>
public static class KeyValueParser
{
    /// <summary>One pair per item; the value is everything after the first '=' (it may hold '=' or be empty).</summary>
    public static IReadOnlyDictionary<string, string> ParsePairs(string flag, IEnumerable<string> items)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                throw new FormatException($"{flag} '{item}': expected NAME=VALUE (there is no '=')");
            var name = item[..equals].Trim();
            if (name.Length == 0)
                throw new FormatException($"{flag} '{item}': the name before '=' is empty; expected NAME=VALUE");
            if (!pairs.TryAdd(name, item[(equals + 1)..]))
                throw new FormatException($"{flag} '{name}' is given twice");
        }
        return pairs;
    }

    /// <summary>Each item is a comma-separated list of pairs; blanks around names and values are dropped.</summary>
    public static IReadOnlyDictionary<string, string> ParseList(string flag, IEnumerable<string> items)
    {
        var pairs = ParsePairs(flag, items
            .SelectMany(item => item.Split(',', StringSplitOptions.TrimEntries))
            .Where(part => part.Length > 0));
        return pairs.ToDictionary(p => p.Key, p => p.Value.Trim(), StringComparer.Ordinal);
    }
}
