namespace BuildFarm.Core.Definitions;

/// <summary>Stub so that the CLI compiles; the Core engineer owns the implementation.</summary>
public static class DefinitionPaths
{
    /// <summary>Makes every relative Folder source path absolute, against the folder of the file that declared it.</summary>
    public static PipelineDefinition ResolveRelativeSourcePaths(PipelineDefinition definition, string baseDirectory) =>
        throw new NotImplementedException();
}
