namespace BuildFarm.Core.Tests.Definitions;

public sealed class DefinitionCodecWriteTests
{
    /// <summary>Strings a careless writer would let a YAML reader take for something else.</summary>
    private static PipelineDefinition Tricky() => Examples.Full() with
    {
        Variables =
        [
            new VariableDeclaration { Name = "Empty", DefaultValue = "" },
            new VariableDeclaration { Name = "Number", DefaultValue = "3" },
            new VariableDeclaration { Name = "Boolean", DefaultValue = "true", Description = "null" },
            new VariableDeclaration { Name = "Yes", DefaultValue = "yes" },
            new VariableDeclaration { Name = "Spaces", DefaultValue = "  padded  " },
            new VariableDeclaration { Name = "Symbols", DefaultValue = "a: b # c, [d] {e} 'f' \"g\" - h" },
            new VariableDeclaration { Name = "Lines", DefaultValue = "first\nsecond\n" },
            new VariableDeclaration { Name = "Unicode", DefaultValue = "héllo ✓" },
        ],
    };

    [Fact]
    public void Yaml_round_trip_gives_back_the_declaration()
    {
        var original = Examples.Full();
        var parsed = Examples.Parse(DefinitionCodec.ToYaml(original));
        DefinitionAssert.Equal(original, parsed);
        Assert.True(parsed.SameAs(original));
    }

    [Fact]
    public void Json_round_trip_gives_back_the_declaration()
    {
        var original = Examples.Full();
        var parsed = Examples.Parse(DefinitionCodec.ToJson(original), DefinitionFormat.Json);
        DefinitionAssert.Equal(original, parsed);
    }

    [Fact]
    public void Strings_that_look_like_other_types_survive_both_round_trips()
    {
        var original = Tricky();
        DefinitionAssert.Equal(original, Examples.Parse(DefinitionCodec.ToYaml(original)));
        DefinitionAssert.Equal(original, Examples.Parse(DefinitionCodec.ToJson(original), DefinitionFormat.Json));
    }

    [Fact]
    public void Yaml_uses_the_declaration_field_names_and_uppercase_modes()
    {
        var yaml = DefinitionCodec.ToYaml(Examples.Full());
        Assert.StartsWith("name: web-app\nexecutionMode: QUEUED\n", yaml);
        Assert.Contains("runOrder: 2", yaml);
        Assert.Contains("timeoutInMinutes: 30", yaml);
        Assert.Contains("outputVariables:", yaml);
        Assert.DoesNotContain("{", yaml.Replace("#{", ""));
    }

    [Fact]
    public void Json_is_indented_with_the_same_field_names()
    {
        var json = DefinitionCodec.ToJson(Examples.Full());
        Assert.StartsWith("{\n  \"name\": \"web-app\",\n  \"executionMode\": \"QUEUED\",", json);
        Assert.Contains("\"inputArtifacts\": [", json);
        Assert.Contains("\"files\": [", json);
        Assert.Contains("#{variables.Configuration}", json);
    }

    [Fact]
    public void Canonical_json_is_the_same_for_equal_declarations_written_differently()
    {
        var fromYaml = Examples.Parse(Examples.FullYaml);
        var fromJson = Examples.Parse(Examples.FullJson, DefinitionFormat.Json);
        Assert.Equal(DefinitionCodec.ToCanonicalJson(fromYaml), DefinitionCodec.ToCanonicalJson(fromJson));
        Assert.True(fromYaml.SameAs(fromJson));
    }

    [Fact]
    public void Canonical_json_sorts_configuration_keys_and_writes_defaults()
    {
        var one = Examples.Parse("""
            name: p
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands, configuration: {b: "2", a: "1", B: "3"}}
            """);
        var other = Examples.Parse("""
            name: p
            executionMode: SUPERSEDED
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands, runOrder: 1, timeoutInMinutes: 60, configuration: {a: "1", B: "3", b: "2"}}
            """);
        var canonical = DefinitionCodec.ToCanonicalJson(one);
        Assert.Equal(canonical, DefinitionCodec.ToCanonicalJson(other));
        Assert.Equal(
            """{"name":"p","executionMode":"SUPERSEDED","variables":[],"stages":[{"name":"S","actions":[{"name":"a","category":"Build","provider":"Commands","runOrder":1,"namespace":null,"configuration":{"B":"3","a":"1","b":"2"},"commands":[],"inputArtifacts":[],"outputArtifacts":[],"outputVariables":[],"timeoutInMinutes":60}]}],"triggers":[]}""",
            canonical);
        Assert.Equal(canonical, DefinitionCodec.ToCanonicalJson(one));
    }

    [Fact]
    public void Canonical_json_tells_different_declarations_apart()
    {
        var original = Examples.Full();
        var changed = original with { Stages = [original.Stages[0], original.Stages[1] with { Name = "Compile" }] };
        Assert.False(original.SameAs(changed));
        var reordered = original with { Variables = [original.Variables[1], original.Variables[0]] };
        Assert.False(original.SameAs(reordered));
    }

    [Fact]
    public void Canonical_json_reads_back_as_the_same_declaration()
    {
        var original = Tricky();
        Assert.True(Examples.Parse(DefinitionCodec.ToCanonicalJson(original), DefinitionFormat.Json).SameAs(original));
    }
}
