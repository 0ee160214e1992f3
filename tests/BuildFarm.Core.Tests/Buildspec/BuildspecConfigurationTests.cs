using BuildFarm.Core.Buildspec;
using BuildFarm.Core.Tests.Definitions;

namespace BuildFarm.Core.Tests.Buildspec;

public sealed class BuildspecConfigurationTests
{
    private static string Pipeline(string buildAction) => $$"""
        name: p
        stages:
          - name: Source
            actions:
              - {name: Get, category: Source, provider: Folder, configuration: {Path: /src}, outputArtifacts: [source]}
              - {name: GetExtra, category: Source, provider: Folder, configuration: {Path: /extra}, outputArtifacts: [extra]}
          - name: Build
            actions:
              - {{buildAction.TrimStart()}}
        """;

    [Fact]
    public void An_inline_buildspec_is_checked_when_the_pipeline_is_validated_with_a_path_into_it()
    {
        var problems = Validate.Yaml(Pipeline("""
                name: Make
                category: Build
                provider: Buildspec
                inputArtifacts: [source]
                outputArtifacts: [bin]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    env:
                      parameter-store:
                        KEY: /ci/key
                    phases:
                      build:
                        on-failure: RETRY
                        commands: [make]
                    artifacts:
                      files: ['**/*']
        """));
        Assert.Equal([
            "stages[1].actions[0].configuration.BuildSpec: env.parameter-store.KEY: '/ci/key' is a Parameter Store path; a parameter here is the farm secret of that name, and farm secret names hold no '/': store the value with `farm secret set ci.key` and write that name",
            "stages[1].actions[0].configuration.BuildSpec: phases.build.on-failure: 'RETRY' is not supported (ABORT or CONTINUE); retry the action with the pipeline's retry instead",
        ], problems);
    }

    [Fact]
    public void A_valid_inline_buildspec_longer_than_other_values_passes()
    {
        var commands = string.Concat(Enumerable.Range(0, 60).Select(i => $"\n              - echo line {i} of a long build script"));
        var problems = Validate.Yaml(Pipeline($$"""
                name: Make
                category: Test
                provider: Buildspec
                inputArtifacts: [source]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    phases:
                      build:
                        commands:{{commands.Replace("\n", "\n      ")}}
        """));
        Assert.Empty(problems);
    }

    [Fact]
    public void Artifact_sections_must_match_the_declared_outputs()
    {
        var problems = Validate.Yaml(Pipeline("""
                name: Make
                category: Build
                provider: Buildspec
                inputArtifacts: [source]
                outputArtifacts: [bin, docs]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    phases:
                      build:
                        commands: [make]
                    artifacts:
                      files: ['**/*']
                      secondary-artifacts:
                        site:
                          files: ['site/**/*']
        """));
        Assert.Equal([
            "stages[1].actions[0].configuration.BuildSpec: artifacts.secondary-artifacts.site: the action has no output artifact 'site' (it declares bin, docs); add it to outputArtifacts or remove the section",
            "stages[1].actions[0].configuration.BuildSpec: artifacts: output artifact 'docs' has no section in the buildspec; add 'artifacts' or 'artifacts.secondary-artifacts.docs'",
        ], problems);
    }

    [Fact]
    public void Configuration_keys_are_checked()
    {
        var problems = Validate.Yaml(Pipeline("""
                name: Make
                category: Build
                provider: Buildspec
                inputArtifacts: [source, extra]
                configuration:
                  PrimarySource: other
                  EnvironmentVariables: '[{"name":"A","value":"1"},{"name":"K","value":"/p","type":"PARAMETER_STORE"}]'
                  BuildSpec: ci/buildspec.yml
        """));
        Assert.Equal([
            "stages[1].actions[0].configuration.PrimarySource: 'other' is not one of this action's input artifacts (source, extra)",
            "stages[1].actions[0].configuration.EnvironmentVariables: [1]: type 'PARAMETER_STORE' is not supported (PLAINTEXT only: a buildspec reads farm secrets with env.secrets-manager or env.parameter-store)",
        ], problems);
    }

    [Fact]
    public void Needs_an_input_and_takes_no_commands()
    {
        var problems = Validate.Yaml(Pipeline("{name: Make, category: Build, provider: Buildspec, commands: [make]}"));
        Assert.Equal([
            "stages[1].actions[0].commands: provider 'Buildspec' does not take commands; leave 'commands' out",
            "stages[1].actions[0].inputArtifacts: provider 'Buildspec' takes 1 to 5 input artifacts; this action lists 0",
        ], problems);
    }

    [Fact]
    public void An_inline_buildspec_survives_writing_the_declaration_as_YAML_and_reading_it_back()
    {
        const string spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - 'echo \"a: b\"' # a comment inside the value\n";
        var definition = Examples.Parse(Pipeline("{name: Make, category: Build, provider: Buildspec, inputArtifacts: [source]}")) is var d
            ? d with { Stages = [d.Stages[0], d.Stages[1] with { Actions = [d.Stages[1].Actions[0] with { Configuration = new Dictionary<string, string> { ["BuildSpec"] = spec } }] }] }
            : null!;
        var back = DefinitionCodec.Parse(DefinitionCodec.ToYaml(definition), DefinitionFormat.Yaml);
        Assert.Empty(back.Problems);
        Assert.Equal(spec, back.Definition!.Stages[1].Actions[0].Configuration["BuildSpec"]);
        Assert.Empty(DefinitionValidator.Validate(back.Definition));
    }

    [Fact]
    public void Environment_variables_parse_as_CodePipeline_writes_them()
    {
        var (variables, problems) = BuildspecConfiguration.ParseEnvironmentVariables("""[{"name":"A","value":"1","type":"PLAINTEXT"},{"name":"B","value":"x y"}]""");
        Assert.Empty(problems);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x y" }, variables);
        Assert.StartsWith("not valid JSON", Assert.Single(BuildspecConfiguration.ParseEnvironmentVariables("[{").Problems));
    }

    [Theory]
    [InlineData(null, "buildspec.yml")]
    [InlineData("ci/build.yml", "ci/build.yml")]
    [InlineData("version: 0.2\nphases: {}", null)]
    [InlineData("{version: 0.2}", null)]
    public void Tells_an_inline_buildspec_from_a_path(string? value, string? path)
    {
        var configuration = new Dictionary<string, string>();
        if (value is not null) configuration[BuildspecConfiguration.BuildSpec] = value;
        Assert.Equal(path, BuildspecConfiguration.FilePath(configuration));
    }
}
