using BuildFarm.Core.Definitions.Validation;

namespace BuildFarm.Core.Definitions;

/// <summary>Checks a declaration against every rule; reports all problems, each with its path.</summary>
public static class DefinitionValidator
{
    public static IReadOnlyList<Problem> Validate(PipelineDefinition definition)
    {
        var problems = new ProblemList();
        StructureRules.Check(definition, problems);
        var index = new DefinitionIndex(definition);
        foreach (var site in index.Sites)
        {
            ProviderRules.Check(site, problems);
            ArtifactRules.Check(site, index, problems);
            NamespaceRules.Check(site, index, problems);
            ReferenceRules.Check(site, index, problems);
            SourceRules.Check(site, problems);
            PlacementRules.Check(site, problems);
        }
        TriggerRules.Check(index, problems);
        StageConditionRules.Check(index, problems);
        return problems.Items;
    }
}
