namespace BuildFarm.Core.Tests.Definitions;

internal static class Validate
{
    /// <summary>Parses a declaration that must parse cleanly, validates it, and answers each problem as "path: message".</summary>
    public static IReadOnlyList<string> Yaml(string yaml) =>
        DefinitionValidator.Validate(Examples.Parse(yaml)).Select(p => p.ToString()).ToList();
}
