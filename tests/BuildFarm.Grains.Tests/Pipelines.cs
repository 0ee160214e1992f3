using BuildFarm.Core.Definitions;

namespace BuildFarm.Grains.Tests;

/// <summary>Declarations for the grain tests, each under a fresh name so tests never share grains.</summary>
public static class Pipelines
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():n}"[..24];

    public static ActionDefinition Commands(string name, int runOrder = 1, string[]? inputs = null, string? output = null) => new()
    {
        Name = name,
        Category = ActionCategory.Build,
        Provider = ProviderCatalog.Commands.Name,
        RunOrder = runOrder,
        Commands = ["true"],
        InputArtifacts = inputs ?? [],
        OutputArtifacts = output is null ? [] : [new OutputArtifactDefinition { Name = output, Files = ["**"] }],
    };

    /// <summary>Build (one action) -> Test (A and B in parallel, then C) -> Deploy (one action).</summary>
    public static PipelineDefinition ThreeStages(string name, ExecutionMode mode = ExecutionMode.Superseded) => new()
    {
        Name = name,
        ExecutionMode = mode,
        Stages =
        [
            new StageDefinition { Name = "Build", Actions = [Commands("Compile", output: "bin")] },
            new StageDefinition
            {
                Name = "Test",
                Actions = [Commands("A", 1, ["bin"]), Commands("B", 1, ["bin"]), Commands("C", 2, ["bin"])],
            },
            new StageDefinition { Name = "Deploy", Actions = [Commands("Ship", inputs: ["bin"])] },
        ],
    };

    /// <summary>A declaration from YAML (which must be valid), named <paramref name="name"/> whatever it says.</summary>
    public static PipelineDefinition FromYaml(string name, string yaml)
    {
        var parsed = DefinitionCodec.Parse(yaml, DefinitionFormat.Yaml);
        Assert.Empty(parsed.Problems);
        var definition = parsed.Definition! with { Name = name };
        Assert.Empty(DefinitionValidator.Validate(definition));
        return definition;
    }

    public static PipelineDefinition OneAction(string name, ExecutionMode mode = ExecutionMode.Superseded) => new()
    {
        Name = name,
        ExecutionMode = mode,
        // Executions of one pipeline here must each run their job (the modes are about who waits): no action cache.
        Stages = [new StageDefinition { Name = "Only", Actions = [Commands("Run") with { Cache = false }] }],
    };
}
