namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorSummaryTests
{
    [Fact]
    public void A_valid_declaration_has_no_problems()
    {
        Assert.Empty(Validate.Yaml("""
            name: release.pipeline@v2
            executionMode: PARALLEL
            variables:
              - {name: Target, defaultValue: staging, description: where to deploy}
            stages:
              - name: Source
                actions:
                  - name: checkout
                    category: Source
                    provider: Folder
                    configuration: {Path: /srv/repo, Exclude: "bin/**"}
                    outputArtifacts: [src]
                    namespace: SourceVariables
              - name: Build
                actions:
                  - name: compile
                    category: Build
                    provider: Commands
                    configuration: {Shell: bash, WorkingDirectory: app}
                    commands: ["make TARGET=#{variables.Target}"]
                    inputArtifacts: [src]
                    outputArtifacts: [{name: bin, files: ["out/**"]}]
                    namespace: BuildVariables
                    outputVariables: [VERSION, _COMMIT]
                    timeoutInMinutes: 1440
                  - name: unit
                    category: Test
                    provider: Commands
                    runOrder: 999
                    commands: ["make test V=#{BuildVariables.VERSION} C=#{SourceVariables.CommitId}"]
                    inputArtifacts: [bin, src]
              - name: Package
                actions:
                  - name: zip
                    category: Compute
                    provider: Commands
                    commands: ["zip -r app.zip . # #{codepipeline.PipelineExecutionId}"]
                    inputArtifacts: [{name: bin}]
                    outputArtifacts: [{name: package, files: [app.zip]}]
            """));
    }

    [Fact]
    public void Every_problem_of_a_declaration_is_reported()
    {
        Assert.Equal([
            "name: 'bad name' is not a valid pipeline name: use 1 to 100 characters from A-Z a-z 0-9 . @ - _",
            "stages[1].name: stage 'Source' is declared twice (first at stages[0])",
            "stages[0].actions[0].configuration: provider 'Folder' needs configuration key 'Path'",
            "stages[1].actions[0].runOrder: runOrder is 0; use 1 to 999 (actions with the same runOrder run in parallel)",
            "stages[1].actions[0].commands: provider 'Commands' needs at least one command",
            "stages[1].actions[0].inputArtifacts[0]: no earlier action outputs 'bin'",
            "stages[1].actions[1].provider: unknown provider 'Docker'; known providers: Folder, Commands, Buildspec, Git, Upstream, CommitStatus, Manual",
            "stages[1].actions[1].commands[0]: '#{variables.Missing}' names no declared pipeline variable; the pipeline declares none (add it under 'variables')",
        ], Validate.Yaml("""
            name: bad name
            stages:
              - name: Source
                actions:
                  - {name: src, category: Source, provider: Folder, outputArtifacts: [src]}
              - name: Source
                actions:
                  - {name: build, category: Build, provider: Commands, runOrder: 0, inputArtifacts: [bin]}
                  - {name: ship, category: Deploy, provider: Docker, commands: ["push #{variables.Missing}"]}
            """));
    }
}
