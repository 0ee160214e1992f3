namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorVariableTests
{
    /// <summary>A Build stage whose first action publishes VERSION in namespace 'build', then the YAML given (more actions of that stage).</summary>
    private static string Pipeline(string actions) => """
        name: p
        variables: [{name: Channel, defaultValue: beta}]
        stages:
          - name: Source
            actions:
              - {name: src, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src]}
          - name: Build
            actions:
              - {name: build, category: Build, provider: Commands, commands: [make], namespace: build, outputVariables: [VERSION]}

        """ + actions;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "namespace with a dot", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], namespace: my.ns}\n"),
            ["stages[1].actions[1].namespace: 'my.ns' is not a valid namespace: use 1 to 100 characters from A-Z a-z 0-9 @ - _"]
        },
        {
            "namespace used twice", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], namespace: build}\n"),
            ["stages[1].actions[1].namespace: namespace 'build' is already used by stages[1].actions[0]; namespaces must be unique in the pipeline"]
        },
        {
            "namespace named like an artifact", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], namespace: src}\n"),
            ["stages[1].actions[1].namespace: namespace 'src' is also the name of an artifact output by stages[0].actions[0]; use a different name"]
        },
        {
            "reserved namespace", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], namespace: Pipeline}\n"),
            ["stages[1].actions[1].namespace: namespace 'Pipeline' is reserved (variables, pipeline, codepipeline); choose another"]
        },
        {
            "output variable that is no shell name", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], outputVariables: [1VERSION]}\n"),
            ["stages[1].actions[1].outputVariables[0]: '1VERSION' is not a valid output variable name: use a shell variable name: a letter or '_', then up to 127 letters, digits or '_'"]
        },
        {
            "output variable listed twice", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [make], outputVariables: [A, B, A]}\n"),
            ["stages[1].actions[1].outputVariables[2]: 'A' is listed twice (first at outputVariables[0])"]
        },
        {
            "undeclared pipeline variable", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"deploy #{variables.Chanel}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{variables.Chanel}' names no declared pipeline variable (did you mean 'Channel'?); declared: Channel"]
        },
        {
            "unknown pipeline built-in", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"echo #{pipeline.Id}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{pipeline.Id}' is not a built-in of 'pipeline'; use one of ExecutionId, Name, Version"]
        },
        {
            "unknown codepipeline built-in", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"echo #{codepipeline.PipelineExecutionID}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{codepipeline.PipelineExecutionID}' is not a built-in of 'codepipeline' (did you mean 'PipelineExecutionId'?); use one of PipelineExecutionId, PipelineName"]
        },
        {
            "unknown namespace", Pipeline("      - {name: t, category: Test, provider: Commands, runOrder: 2, commands: [\"curl #{deploy.URL}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{deploy.URL}': unknown namespace 'deploy'; available here: variables, pipeline, codepipeline, build"]
        },
        {
            "namespace of an action in the same group", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"echo #{build.VERSION}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{build.VERSION}': namespace 'build' belongs to stages[1].actions[0], which does not run before this action (both have runOrder 1 in the same stage, so they run in parallel)"]
        },
        {
            "output variable the earlier action does not declare", Pipeline("      - {name: t, category: Test, provider: Commands, runOrder: 2, configuration: {WorkingDirectory: \"v#{build.VERSON}\"}, commands: [make]}\n"),
            ["stages[1].actions[1].configuration.WorkingDirectory: '#{build.VERSON}': stages[1].actions[0] (namespace 'build') does not declare output variable 'VERSON' (did you mean 'VERSION'?); it declares: VERSION"]
        },
        {
            "own namespace", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"echo #{mine.X}\"], namespace: mine}\n"),
            ["stages[1].actions[1].commands[0]: '#{mine.X}': namespace 'mine' is this action's own; its variables exist only after it ran"]
        },
        {
            "reference without a name", Pipeline("      - {name: t, category: Test, provider: Commands, commands: [\"echo #{variables.}\"]}\n"),
            ["stages[1].actions[1].commands[0]: '#{variables.}' is not a valid reference: write #{namespace.name}"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Variable_problems_are_reported_at_their_path(string what, string yaml, string[] expected)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal(expected, Validate.Yaml(yaml));
    }

    [Fact]
    public void References_to_earlier_namespaces_variables_and_built_ins_are_fine()
    {
        Assert.Empty(Validate.Yaml(Pipeline("""
                  - name: deploy
                    category: Test
                    provider: Commands
                    runOrder: 2
                    configuration: {WorkingDirectory: "v#{build.VERSION}"}
                    commands:
                      - "echo #{variables.Channel} #{pipeline.ExecutionId} #{pipeline.Name} #{pipeline.Version}"
                      - "echo #{codepipeline.PipelineExecutionId} #{codepipeline.PipelineName} #{build.VERSION}"
            """)));
    }

    [Fact]
    public void Any_variable_of_an_earlier_namespace_that_declares_none_is_accepted()
    {
        Assert.Empty(Validate.Yaml("""
            name: p
            stages:
              - name: Source
                actions:
                  - {name: src, category: Source, provider: Folder, configuration: {Path: /repo}, outputArtifacts: [src], namespace: SourceVariables}
              - name: Build
                actions:
                  - {name: build, category: Build, provider: Commands, commands: ["git checkout #{SourceVariables.CommitId}"]}
            """));
    }
}
