namespace BuildFarm.Core.Tests.Definitions;

/// <summary>Field-by-field equality of declarations, independent of the codec under test.</summary>
internal static class DefinitionAssert
{
    public static void Equal(PipelineDefinition expected, PipelineDefinition actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.ExecutionMode, actual.ExecutionMode);
        Assert.Equal(expected.Variables, actual.Variables);
        Assert.Equal(expected.Stages.Count, actual.Stages.Count);
        for (var s = 0; s < expected.Stages.Count; s++)
        {
            Assert.Equal(expected.Stages[s].Name, actual.Stages[s].Name);
            Assert.Equal(expected.Stages[s].Actions.Count, actual.Stages[s].Actions.Count);
            for (var a = 0; a < expected.Stages[s].Actions.Count; a++)
                Equal(expected.Stages[s].Actions[a], actual.Stages[s].Actions[a]);
        }
    }

    private static void Equal(ActionDefinition expected, ActionDefinition actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.Provider, actual.Provider);
        Assert.Equal(expected.RunOrder, actual.RunOrder);
        Assert.Equal(expected.Configuration.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.Configuration.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Commands, actual.Commands);
        Assert.Equal(expected.InputArtifacts, actual.InputArtifacts);
        Assert.Equal(expected.OutputArtifacts.Select(o => o.Name), actual.OutputArtifacts.Select(o => o.Name));
        Assert.Equal(expected.OutputArtifacts.Select(o => string.Join("|", o.Files)), actual.OutputArtifacts.Select(o => string.Join("|", o.Files)));
        Assert.Equal(expected.Namespace, actual.Namespace);
        Assert.Equal(expected.TimeoutMinutes, actual.TimeoutMinutes);
        Assert.Equal(expected.OutputVariables, actual.OutputVariables);
    }
}
