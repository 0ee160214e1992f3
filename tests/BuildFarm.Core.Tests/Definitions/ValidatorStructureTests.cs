namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorStructureTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "pipeline name with a space", """
            name: my pipeline
            stages:
              - name: S
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
            """,
            ["name: 'my pipeline' is not a valid pipeline name: use 1 to 100 characters from A-Z a-z 0-9 . @ - _"]
        },
        {
            "no stages", "name: p\nstages: []\n",
            ["stages: a pipeline needs at least one stage"]
        },
        {
            "stage without actions", """
            name: p
            stages:
              - name: S
                actions: []
            """,
            ["stages[0].actions: a stage needs at least one action"]
        },
        {
            "stage name with a slash", """
            name: p
            stages:
              - name: Build/Test
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
            """,
            ["stages[0].name: 'Build/Test' is not a valid stage name: use 1 to 100 characters from A-Z a-z 0-9 . @ - _"]
        },
        {
            "two stages of one name", """
            name: p
            stages:
              - name: Build
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
              - name: Build
                actions: [{name: b, category: Build, provider: Commands, commands: [make]}]
            """,
            ["stages[1].name: stage 'Build' is declared twice (first at stages[0])"]
        },
        {
            "two actions of one name in a stage", """
            name: p
            stages:
              - name: S
                actions:
                  - {name: a, category: Build, provider: Commands, commands: [make]}
                  - {name: a, category: Test, provider: Commands, commands: [make test]}
            """,
            ["stages[0].actions[1].name: action 'a' is declared twice in this stage (first at stages[0].actions[0])"]
        },
        {
            "empty action name", """
            name: p
            stages:
              - name: S
                actions: [{name: "", category: Build, provider: Commands, commands: [make]}]
            """,
            ["stages[0].actions[0].name: the action name is empty; use 1 to 100 characters from A-Z a-z 0-9 . @ - _"]
        },
        {
            "variable name with a space", """
            name: p
            variables: [{name: my var, defaultValue: x}]
            stages:
              - name: S
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
            """,
            ["variables[0].name: 'my var' is not a valid variable name: use 1 to 128 characters from A-Z a-z 0-9 @ - _"]
        },
        {
            "variable declared twice", """
            name: p
            variables: [{name: x}, {name: x}]
            stages:
              - name: S
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
            """,
            ["variables[1].name: variable 'x' is declared twice (first at variables[0])"]
        },
        {
            "default value too long", $$"""
            name: p
            variables: [{name: x, defaultValue: {{new string('v', 1001)}}}]
            stages:
              - name: S
                actions: [{name: a, category: Build, provider: Commands, commands: [make]}]
            """,
            ["variables[0].defaultValue: the default value is 1001 characters long; at most 1000 are allowed"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_structure_is_reported_at_its_path(string what, string yaml, string[] expected)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal(expected, Validate.Yaml(yaml));
    }

    [Fact]
    public void A_stage_holds_at_most_1000_actions()
    {
        var actions = Enumerable.Range(0, 1001).Select(i => new ActionDefinition { Name = $"a{i}", Category = "Build", Provider = "Commands", Commands = ["make"] });
        var definition = new PipelineDefinition { Name = "p", Stages = [new StageDefinition { Name = "S", Actions = actions.ToList() }] };
        Assert.Equal([new Problem("stages[0].actions", "a stage holds at most 1000 actions; this one holds 1001")], DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void A_name_of_101_characters_is_too_long()
    {
        var definition = new PipelineDefinition
        {
            Name = new string('p', 101),
            Stages = [new StageDefinition { Name = "S", Actions = [new ActionDefinition { Name = "a", Category = "Build", Provider = "Commands", Commands = ["make"] }] }],
        };
        var problem = Assert.Single(DefinitionValidator.Validate(definition));
        Assert.Equal("name", problem.Path);
        Assert.StartsWith($"'{new string('p', 101)}' is not a valid pipeline name: use 1 to 100 characters", problem.Message);
        Assert.Empty(DefinitionValidator.Validate(definition with { Name = new string('p', 100) }));
    }
}
