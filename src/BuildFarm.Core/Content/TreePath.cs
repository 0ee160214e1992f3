namespace BuildFarm.Core.Content;

/// <summary>Rules for the paths inside an artifact tree: relative, forward slashes, nothing that escapes the root.</summary>
public static class TreePath
{
    /// <summary>Null when the path is acceptable, otherwise why it is not.</summary>
    public static string? Check(string path)
    {
        if (string.IsNullOrEmpty(path)) return "the path is empty";
        if (path.Length > 4096) return "the path is longer than 4096 characters";
        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':')) return $"'{path}' is absolute; tree paths are relative to the artifact's root";
        if (path.Contains('\\')) return $"'{path}' contains a backslash; tree paths use '/'";
        foreach (var c in path)
            if (c == '\0' || c == '\n' || c == '\r') return $"'{Printable(path)}' contains a control character";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) return $"'{path}' has an empty segment";
            if (segment is "." or "..") return $"'{path}' contains '{segment}'; tree paths may not leave the artifact's root";
        }
        return null;
    }

    private static string Printable(string path) => path.Replace("\0", "\\0").Replace("\n", "\\n").Replace("\r", "\\r");
}
