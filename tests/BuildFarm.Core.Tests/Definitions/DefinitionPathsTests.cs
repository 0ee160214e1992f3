namespace BuildFarm.Core.Tests.Definitions;

public sealed class DefinitionPathsTests
{
    private static PipelineDefinition WithSources(params string[] paths) => new()
    {
        Name = "p",
        Stages =
        [
            new StageDefinition
            {
                Name = "Source",
                Actions = paths.Select((path, i) => new ActionDefinition
                {
                    Name = $"src{i}", Category = "Source", Provider = "Folder",
                    Configuration = new Dictionary<string, string> { ["Path"] = path, ["Exclude"] = "bin/**" },
                    OutputArtifacts = [new OutputArtifactDefinition { Name = $"src{i}" }],
                }).ToList(),
            },
            new StageDefinition
            {
                Name = "Build",
                Actions = [new ActionDefinition { Name = "b", Category = "Build", Provider = "Commands", Commands = ["make"], Configuration = new Dictionary<string, string> { ["WorkingDirectory"] = "app" } }],
            },
        ],
    };

    private static IEnumerable<string> PathsOf(PipelineDefinition definition) =>
        definition.Stages[0].Actions.Select(a => a.Configuration["Path"]);

    [Fact]
    public void Relative_folder_paths_become_absolute_against_the_pipeline_directory()
    {
        var resolved = DefinitionPaths.ResolveRelativeSourcePaths(WithSources(".", "../shared", "sub/dir"), "/home/dev/project");
        Assert.Equal(["/home/dev/project", "/home/dev/shared", "/home/dev/project/sub/dir"], PathsOf(resolved));
        Assert.Equal("bin/**", resolved.Stages[0].Actions[0].Configuration["Exclude"]);
    }

    [Fact]
    public void Absolute_paths_references_and_other_providers_are_left_alone()
    {
        var original = WithSources("/srv/repo", "#{variables.Root}/src");
        var resolved = DefinitionPaths.ResolveRelativeSourcePaths(original, "/home/dev/project");
        Assert.Equal(["/srv/repo", "#{variables.Root}/src"], PathsOf(resolved));
        Assert.Equal("app", resolved.Stages[1].Actions[0].Configuration["WorkingDirectory"]);
        Assert.True(resolved.SameAs(original));
    }

    [Fact]
    public void The_original_declaration_is_not_changed()
    {
        var original = WithSources("src");
        var resolved = DefinitionPaths.ResolveRelativeSourcePaths(original, "/base");
        Assert.Equal(["src"], PathsOf(original));
        Assert.Equal(["/base/src"], PathsOf(resolved));
    }

    [Fact]
    public void A_relative_base_directory_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DefinitionPaths.ResolveRelativeSourcePaths(WithSources("."), "relative/dir"));
        Assert.Contains("'relative/dir' must be an absolute path", error.Message);
    }
}
