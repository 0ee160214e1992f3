namespace BuildFarm.Core.Tests.Definitions;

/// <summary>The same full declaration in YAML and JSON, and what it binds to.</summary>
internal static class Examples
{
    public const string FullYaml = """
        # a pipeline using every field
        name: web-app
        executionMode: queued
        variables:
          - name: Configuration
            defaultValue: Release
            description: build configuration
          - name: Channel
        stages:
          - name: Source
            actions:
              - name: checkout
                category: Source
                provider: Folder
                configuration:
                  Path: /src/web
                outputArtifacts: [src]
                namespace: SourceVariables
          - name: Build
            actions:
              - name: compile
                category: Build
                provider: Commands
                runOrder: 1
                timeoutInMinutes: 30
                configuration:
                  Shell: bash
                commands:
                  - make build CONFIG=#{variables.Configuration}
                  - echo done
                inputArtifacts:
                  - src
                outputArtifacts:
                  - name: bin
                    files: ["out/**", "*.dll"]
                namespace: BuildVariables
                outputVariables: [VERSION]
              - name: unit-tests
                category: Test
                provider: Commands
                runOrder: 2
                commands: ["make test VERSION=#{BuildVariables.VERSION}"]
                inputArtifacts:
                  - name: bin
        """;

    public const string FullJson = """
        {
          "name": "web-app",
          "executionMode": "QUEUED",
          "variables": [
            { "name": "Configuration", "defaultValue": "Release", "description": "build configuration" },
            { "name": "Channel" }
          ],
          "stages": [
            {
              "name": "Source",
              "actions": [
                {
                  "name": "checkout", "category": "Source", "provider": "Folder",
                  "configuration": { "Path": "/src/web" },
                  "outputArtifacts": [ { "name": "src" } ],
                  "namespace": "SourceVariables"
                }
              ]
            },
            {
              "name": "Build",
              "actions": [
                {
                  "name": "compile", "category": "Build", "provider": "Commands", "runOrder": 1, "timeoutInMinutes": 30,
                  "configuration": { "Shell": "bash" },
                  "commands": [ "make build CONFIG=#{variables.Configuration}", "echo done" ],
                  "inputArtifacts": [ { "name": "src" } ],
                  "outputArtifacts": [ { "name": "bin", "files": [ "out/**", "*.dll" ] } ],
                  "namespace": "BuildVariables",
                  "outputVariables": [ "VERSION" ]
                },
                {
                  "name": "unit-tests", "category": "Test", "provider": "Commands", "runOrder": 2,
                  "commands": [ "make test VERSION=#{BuildVariables.VERSION}" ],
                  "inputArtifacts": [ "bin" ]
                }
              ]
            }
          ]
        }
        """;

    public static PipelineDefinition Full() => new()
    {
        Name = "web-app",
        ExecutionMode = ExecutionMode.Queued,
        Variables =
        [
            new VariableDeclaration { Name = "Configuration", DefaultValue = "Release", Description = "build configuration" },
            new VariableDeclaration { Name = "Channel" },
        ],
        Stages =
        [
            new StageDefinition
            {
                Name = "Source",
                Actions =
                [
                    new ActionDefinition
                    {
                        Name = "checkout", Category = "Source", Provider = "Folder",
                        Configuration = new Dictionary<string, string> { ["Path"] = "/src/web" },
                        OutputArtifacts = [new OutputArtifactDefinition { Name = "src" }],
                        Namespace = "SourceVariables",
                    },
                ],
            },
            new StageDefinition
            {
                Name = "Build",
                Actions =
                [
                    new ActionDefinition
                    {
                        Name = "compile", Category = "Build", Provider = "Commands", RunOrder = 1, TimeoutMinutes = 30,
                        Configuration = new Dictionary<string, string> { ["Shell"] = "bash" },
                        Commands = ["make build CONFIG=#{variables.Configuration}", "echo done"],
                        InputArtifacts = ["src"],
                        OutputArtifacts = [new OutputArtifactDefinition { Name = "bin", Files = ["out/**", "*.dll"] }],
                        Namespace = "BuildVariables",
                        OutputVariables = ["VERSION"],
                    },
                    new ActionDefinition
                    {
                        Name = "unit-tests", Category = "Test", Provider = "Commands", RunOrder = 2,
                        Commands = ["make test VERSION=#{BuildVariables.VERSION}"],
                        InputArtifacts = ["bin"],
                    },
                ],
            },
        ],
    };

    /// <summary>A pipeline of one stage with one Commands action 'a', plus the YAML fields given (lines 8 on).</summary>
    public static string OneAction(string fields) =>
        "name: p\nstages:\n  - name: S\n    actions:\n      - name: a\n        category: Build\n        provider: Commands\n" +
        string.Concat(fields.Split('\n').Select(line => "        " + line + "\n"));

    /// <summary>Parses text that must have no problems.</summary>
    public static PipelineDefinition Parse(string text, DefinitionFormat format = DefinitionFormat.Yaml)
    {
        var result = DefinitionCodec.Parse(text, format);
        Assert.Empty(result.Problems);
        Assert.NotNull(result.Definition);
        return result.Definition;
    }
}
