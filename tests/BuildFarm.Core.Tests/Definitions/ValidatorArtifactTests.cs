namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorArtifactTests
{
    private const string SourceStage = """
        name: p
        stages:
          - name: Source
            actions:
              - {name: src, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src]}

        """;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "input that no action outputs", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], inputArtifacts: [src]}
              - name: Test
                actions:
                  - {name: test, category: Test, provider: Commands, commands: [make test], inputArtifacts: [bin]}
            """,
            ["stages[2].actions[0].inputArtifacts[0]: no earlier action outputs 'bin'"]
        },
        {
            "input output by a later stage", SourceStage + """
              - name: Test
                actions:
                  - {name: test, category: Test, provider: Commands, commands: [make test], inputArtifacts: [bin]}
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [out/**]}]}
            """,
            ["stages[1].actions[0].inputArtifacts[0]: 'bin' is output by stages[2].actions[0], which does not run before this action (it is in a later stage)"]
        },
        {
            "input output in the same runOrder group", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [out/**]}]}
                  - {name: test, category: Test, provider: Commands, commands: [make test], inputArtifacts: [bin]}
            """,
            ["stages[1].actions[1].inputArtifacts[0]: 'bin' is output by stages[1].actions[0], which does not run before this action (both have runOrder 1 in the same stage, so they run in parallel)"]
        },
        {
            "input output by a higher runOrder", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], runOrder: 2, outputArtifacts: [{name: bin, files: [out/**]}]}
                  - {name: test, category: Test, provider: Commands, commands: [make test], inputArtifacts: [bin]}
            """,
            ["stages[1].actions[1].inputArtifacts[0]: 'bin' is output by stages[1].actions[0], which does not run before this action (it has runOrder 2, after this action's 1)"]
        },
        {
            "input that is the action's own output", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], inputArtifacts: [bin], outputArtifacts: [{name: bin, files: [out/**]}]}
            """,
            ["stages[1].actions[0].inputArtifacts[0]: 'bin' is this action's own output; an action cannot take its own output as input"]
        },
        {
            "input listed twice", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], inputArtifacts: [src, {name: src}]}
            """,
            ["stages[1].actions[0].inputArtifacts[1]: 'src' is listed twice (first at inputArtifacts[0])"]
        },
        {
            "output name declared twice", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [out/**]}]}
              - name: Again
                actions:
                  - {name: again, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [out/**]}]}
            """,
            ["stages[2].actions[0].outputArtifacts[0]: artifact 'bin' is already output by stages[1].actions[0]; output artifact names must be unique in the pipeline"]
        },
        {
            "artifact name with a dot", SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: app.zip, files: [app.zip]}]}
            """,
            ["stages[1].actions[0].outputArtifacts[0]: 'app.zip' is not a valid artifact name: use 1 to 100 characters from A-Z a-z 0-9 - _"]
        },
        {
            "source action after the first stage", SourceStage + """
              - name: More
                actions:
                  - {name: more, category: Source, provider: Folder, configuration: {Path: /other}, outputArtifacts: [other]}
            """,
            ["stages[1].actions[0].category: a Source action may only be in the first stage"]
        },
        {
            "source action with an input", """
            name: p
            stages:
              - name: Source
                actions:
                  - {name: src, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src]}
                  - {name: two, category: Source, provider: Folder, configuration: {Path: /two}, outputArtifacts: [two], runOrder: 2, inputArtifacts: [src]}
            """,
            ["stages[0].actions[1].inputArtifacts: a Source action takes no input artifacts"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Artifact_flow_problems_are_reported_at_their_path(string what, string yaml, string[] expected)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal(expected, Validate.Yaml(yaml));
    }

    [Fact]
    public void Inputs_from_earlier_stages_and_lower_run_orders_are_fine()
    {
        Assert.Empty(Validate.Yaml(SourceStage + """
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: [make], inputArtifacts: [src], outputArtifacts: [{name: bin, files: [out/**]}]}
                  - {name: test, category: Test, provider: Commands, commands: [make test], runOrder: 5, inputArtifacts: [bin, src]}
              - name: Package
                actions:
                  - {name: pack, category: Build, provider: Commands, commands: [zip], inputArtifacts: [bin]}
            """));
    }
}
