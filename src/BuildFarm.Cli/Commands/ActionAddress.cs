namespace BuildFarm.Cli.Commands;

/// <summary>An action named on the command line as <c>STAGE/ACTION</c>.</summary>
public static class ActionAddress
{
    public static (string Stage, string Action)? TryParse(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == value.Length - 1 ? null : (value[..slash], value[(slash + 1)..]);
    }
}
