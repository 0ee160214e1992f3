namespace BuildFarm.Core.Tests.Definitions;

public sealed class DefinitionCodecParseTests
{
    [Fact]
    public void Yaml_full_example_binds_every_field()
    {
        DefinitionAssert.Equal(Examples.Full(), Examples.Parse(Examples.FullYaml));
    }

    [Fact]
    public void Json_full_example_binds_every_field()
    {
        DefinitionAssert.Equal(Examples.Full(), Examples.Parse(Examples.FullJson, DefinitionFormat.Json));
    }

    [Fact]
    public void The_full_example_is_valid()
    {
        Assert.Empty(DefinitionValidator.Validate(Examples.Parse(Examples.FullYaml)));
    }

    [Fact]
    public void Artifacts_accept_shorthand_and_object_forms()
    {
        var definition = Examples.Parse(Examples.OneAction("""
            inputArtifacts: [one, {name: two}]
            outputArtifacts:
              - three
              - name: four
              - name: five
                files: [dist/**]
            """));
        var action = definition.Stages[0].Actions[0];
        Assert.Equal(["one", "two"], action.InputArtifacts);
        Assert.Equal(["three", "four", "five"], action.OutputArtifacts.Select(o => o.Name));
        Assert.Empty(action.OutputArtifacts[0].Files);
        Assert.Empty(action.OutputArtifacts[1].Files);
        Assert.Equal(["dist/**"], action.OutputArtifacts[2].Files);
    }

    [Fact]
    public void Configuration_takes_any_scalar_as_its_text()
    {
        var definition = Examples.Parse(Examples.OneAction("""
            configuration:
              Count: 3
              Ratio: 0.5
              Verbose: true
              Quoted: "007"
              Text: plain words
            """));
        var configuration = definition.Stages[0].Actions[0].Configuration;
        Assert.Equal("3", configuration["Count"]);
        Assert.Equal("0.5", configuration["Ratio"]);
        Assert.Equal("true", configuration["Verbose"]);
        Assert.Equal("007", configuration["Quoted"]);
        Assert.Equal("plain words", configuration["Text"]);
    }

    [Fact]
    public void Json_configuration_takes_numbers_and_booleans_as_text()
    {
        var definition = Examples.Parse("""
            {"name": "p", "stages": [{"name": "S", "actions": [
              {"name": "a", "category": "Build", "provider": "Commands", "configuration": {"Count": 3, "On": false}}]}]}
            """, DefinitionFormat.Json);
        Assert.Equal("3", definition.Stages[0].Actions[0].Configuration["Count"]);
        Assert.Equal("false", definition.Stages[0].Actions[0].Configuration["On"]);
    }

    [Theory]
    [InlineData("superseded", ExecutionMode.Superseded)]
    [InlineData("Queued", ExecutionMode.Queued)]
    [InlineData("PARALLEL", ExecutionMode.Parallel)]
    public void Execution_mode_is_read_in_any_case(string written, ExecutionMode expected)
    {
        Assert.Equal(expected, Examples.Parse($"name: p\nexecutionMode: {written}\nstages: []\n").ExecutionMode);
    }

    [Fact]
    public void Defaults_apply_to_fields_left_out()
    {
        var definition = Examples.Parse("""
            name: p
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands}
            """);
        var action = definition.Stages[0].Actions[0];
        Assert.Equal(ExecutionMode.Superseded, definition.ExecutionMode);
        Assert.Equal(1, action.RunOrder);
        Assert.Null(action.TimeoutMinutes);
        Assert.Null(action.Namespace);
        Assert.Empty(action.Configuration);
        Assert.Empty(action.Commands);
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_followed()
    {
        var definition = Examples.Parse("""
            name: p
            stages:
              - name: S
                actions:
                  - name: a
                    category: Build
                    provider: Commands
                    commands: &steps [make, make test]
                  - name: b
                    category: Build
                    provider: Commands
                    commands: *steps
            """);
        Assert.Equal(["make", "make test"], definition.Stages[0].Actions[1].Commands);
    }

    [Theory]
    [InlineData("pipeline.yaml", DefinitionFormat.Yaml)]
    [InlineData("dir/pipeline.YML", DefinitionFormat.Yaml)]
    [InlineData("/abs/p.json", DefinitionFormat.Json)]
    public void Format_follows_the_extension(string fileName, DefinitionFormat expected)
    {
        Assert.Equal(expected, DefinitionCodec.FormatOf(fileName));
    }

    [Fact]
    public void Format_of_an_unknown_extension_names_the_file_and_the_accepted_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => DefinitionCodec.FormatOf("pipeline.toml"));
        Assert.Contains("'pipeline.toml'", error.Message);
        Assert.Contains(".yaml, .yml or .json", error.Message);
    }
}
