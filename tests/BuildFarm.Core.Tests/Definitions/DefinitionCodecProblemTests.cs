namespace BuildFarm.Core.Tests.Definitions;

public sealed class DefinitionCodecProblemTests
{
    private static IReadOnlyList<string> Problems(string text, DefinitionFormat format = DefinitionFormat.Yaml) =>
        DefinitionCodec.Parse(text, format).Problems.Select(p => p.ToString()).ToList();

    [Theory]
    [InlineData("name: p\nstages:\n  - name: S\n   actions: []\n", DefinitionFormat.Yaml,
        "line 4, column 4: YAML syntax error: While parsing a block collection, did not find expected '-' indicator.")]
    [InlineData("name: p\nstages:\n  - name: [unclosed\n  - name: x\n", DefinitionFormat.Yaml,
        "line 3, column 11: YAML syntax error: the text after this point cannot be read (look for an unclosed '[', '{' or quote)")]
    [InlineData("name: p\n\tstages: []\n", DefinitionFormat.Yaml,
        "line 1, column 7: YAML syntax error: While scanning a plain scalar, found a tab character that violate indentation.")]
    [InlineData("{\n  \"name\": \"p\",\n  \"stages\": [,]\n}", DefinitionFormat.Json,
        "line 3, column 14: JSON syntax error: ',' is an invalid start of a value.")]
    [InlineData("{\"name\": \"p\",\n \"stages\": [", DefinitionFormat.Json,
        "line 2, column 13: JSON syntax error: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public void Syntax_errors_name_their_line_and_column(string text, DefinitionFormat format, string expected)
    {
        var result = DefinitionCodec.Parse(text, format);
        Assert.Null(result.Definition);
        Assert.Equal(new Problem("", expected), Assert.Single(result.Problems));
    }

    [Theory]
    [InlineData("", DefinitionFormat.Yaml)]
    [InlineData("# only a comment\n", DefinitionFormat.Yaml)]
    [InlineData("  \n", DefinitionFormat.Json)]
    public void An_empty_declaration_is_a_problem(string text, DefinitionFormat format)
    {
        var result = DefinitionCodec.Parse(text, format);
        Assert.Null(result.Definition);
        Assert.Equal("the declaration is empty", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void A_top_level_list_is_a_type_error()
    {
        var result = DefinitionCodec.Parse("- a\n- b\n", DefinitionFormat.Yaml);
        Assert.Null(result.Definition);
        Assert.Equal("line 1, column 1: expected a map, found a list", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void Unknown_field_suggests_the_close_one_and_lists_the_known_ones()
    {
        var result = DefinitionCodec.Parse(Examples.OneAction("""
            runorder: 2
            """), DefinitionFormat.Yaml);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("stages[0].actions[0].runorder", problem.Path);
        Assert.Equal("line 8, column 9: unknown field 'runorder' (did you mean 'runOrder'?); known fields: name, category, provider, runOrder, " +
                     "configuration, commands, inputArtifacts, outputArtifacts, namespace, timeoutInMinutes, outputVariables, retry, labels, cache", problem.Message);
        Assert.NotNull(result.Definition);
    }

    [Fact]
    public void Unknown_field_without_a_close_match_only_lists_the_known_ones()
    {
        Assert.Equal(["banana: line 3, column 1: unknown field 'banana'; known fields: name, executionMode, variables, stages, triggers"],
            Problems("name: p\nstages: []\nbanana: 1\n"));
    }

    [Fact]
    public void Wrong_types_say_what_was_expected_and_what_was_found()
    {
        var problems = Problems("""
            name: p
            variables: {name: x}
            stages:
              - name: S
                actions:
                  - name: a
                    category: Build
                    provider: Commands
                    runOrder: first
                    commands: make
                    configuration:
                      Shell: [bash]
                    timeoutInMinutes: 1.5
            """);
        Assert.Equal([
            "variables: line 2, column 12: expected a list, found a map",
            "stages[0].actions[0].runOrder: line 9, column 19: expected an integer, found string 'first'",
            "stages[0].actions[0].configuration.Shell: line 12, column 18: expected a single value (text, number or boolean), found a list",
            "stages[0].actions[0].commands: line 10, column 19: expected a list, found string 'make'",
            "stages[0].actions[0].timeoutInMinutes: line 13, column 27: expected an integer, found number 1.5",
        ], problems);
    }

    [Fact]
    public void A_number_where_a_name_belongs_is_a_type_error_with_a_hint()
    {
        var result = DefinitionCodec.Parse("name: 2024\nstages: []\n", DefinitionFormat.Yaml);
        Assert.Null(result.Definition);
        Assert.Equal("name: line 1, column 7: expected a string (write it quoted, \"2024\", to mean the text), found integer 2024",
            Assert.Single(result.Problems).ToString());
        Assert.Equal("2024", Examples.Parse("name: \"2024\"\nstages: []\n").Name);
    }

    [Fact]
    public void Json_types_are_checked_the_same_way()
    {
        Assert.Equal(["stages[0].actions: line 1, column 51: expected a list, found boolean true"],
            Problems("""{"name": "p", "stages": [{"name": "S", "actions": true}]}""", DefinitionFormat.Json));
    }

    [Fact]
    public void Missing_required_fields_are_each_reported_and_leave_no_definition()
    {
        var result = DefinitionCodec.Parse("""
            stages:
              - actions:
                  - name: a
                    provider: Commands
                  - category: Build
            """, DefinitionFormat.Yaml);
        Assert.Null(result.Definition);
        Assert.Equal([
            "name: line 1, column 1: missing required field 'name'",
            "stages[0].name: line 2, column 5: missing required field 'name'",
            "stages[0].actions[0].category: line 3, column 9: missing required field 'category'",
            "stages[0].actions[1].name: line 5, column 9: missing required field 'name'",
            "stages[0].actions[1].provider: line 5, column 9: missing required field 'provider'",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Duplicate_keys_are_reported_with_the_first_place()
    {
        Assert.Equal([
            "name: line 2, column 1: duplicate key 'name' (first at line 1, column 1)",
            "stages[0].actions[0].configuration.Shell: line 11, column 11: duplicate key 'Shell' (first at line 10, column 11)",
        ], Problems("""
            name: p
            name: q
            stages:
              - name: S
                actions:
                  - name: a
                    category: Build
                    provider: Commands
                    configuration:
                      Shell: bash
                      Shell: sh
            """));
    }

    [Fact]
    public void Json_duplicate_keys_are_reported_too()
    {
        Assert.Equal(["name: line 1, column 15: duplicate key 'name' (first at line 1, column 2)"],
            Problems("""{"name": "p", "name": "q", "stages": []}""", DefinitionFormat.Json));
    }

    [Fact]
    public void An_unknown_execution_mode_lists_the_modes()
    {
        Assert.Equal(["executionMode: line 2, column 16: unknown execution mode 'serial'; use one of SUPERSEDED, QUEUED, PARALLEL"],
            Problems("name: p\nexecutionMode: serial\nstages: []\n"));
    }

    [Fact]
    public void An_artifact_of_the_wrong_shape_says_which_forms_are_accepted()
    {
        Assert.Equal([
            "stages[0].actions[0].inputArtifacts[0]: line 1, column 130: expected an artifact name or {name: ...}, found a list",
            "stages[0].actions[0].outputArtifacts[0].file: line 1, column 172: unknown field 'file' (did you mean 'files'?); known fields: name, files",
        ], Problems("""{"name": "p", "stages": [{"name": "S", "actions": [{"name": "a", "category": "Build", "provider": "Commands", "inputArtifacts": [["x"]], "outputArtifacts": [{"name": "o", "file": ["x"]}]}]}]}""",
            DefinitionFormat.Json));
    }

    [Fact]
    public void More_than_one_yaml_document_is_refused()
    {
        Assert.Equal(["line 3, column 1: the file holds more than one YAML document; declare one pipeline per file"],
            Problems("name: p\nstages: []\n---\nname: q\nstages: []\n"));
    }

    [Fact]
    public void A_reference_after_a_space_that_yaml_takes_for_a_comment_is_pointed_out()
    {
        var result = DefinitionCodec.Parse(Examples.OneAction("""
            commands:
              - echo #{variables.x}
            """), DefinitionFormat.Yaml);
        Assert.Equal(["line 9, column 18: '#{variables.x}' after a space starts a YAML comment and is left out of the value; put the value in quotes"],
            result.Problems.Select(p => p.Message));
        Assert.Equal(["echo"], result.Definition!.Stages[0].Actions[0].Commands);
    }

    [Fact]
    public void Comments_after_flow_sequences_are_ordinary_comments()
    {
        var result = DefinitionCodec.Parse(Examples.OneAction("""
            commands: [make]   # build
            # a note between two fields
            outputVariables: [VERSION] # read after the commands
            """), DefinitionFormat.Yaml);
        Assert.Empty(result.Problems);
        Assert.Equal(["make"], result.Definition!.Stages[0].Actions[0].Commands);
        Assert.Equal(["VERSION"], result.Definition.Stages[0].Actions[0].OutputVariables);
    }
}
