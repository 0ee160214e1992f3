namespace BuildFarm.Core.Definitions;

/// <summary>Checks a declaration against every rule; reports all problems, each with its path.</summary>
public static class DefinitionValidator
{
    public static IReadOnlyList<Problem> Validate(PipelineDefinition definition) => throw new NotImplementedException();
}
