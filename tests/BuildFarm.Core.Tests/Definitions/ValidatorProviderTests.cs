namespace BuildFarm.Core.Tests.Definitions;

public sealed class ValidatorProviderTests
{
    /// <summary>One stage holding the action under test (written as a YAML flow map).</summary>
    private static string Pipeline(string action) => $"name: p\nstages:\n  - name: S\n    actions:\n      - {action}\n";

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "misspelt category", Pipeline("{name: a, category: Bild, provider: Commands, commands: [make]}"),
            ["stages[0].actions[0].category: unknown category 'Bild' (did you mean 'Build'?); use one of Source, Build, Test, Deploy, Approval, Invoke, Compute"]
        },
        {
            "misspelt provider", Pipeline("{name: a, category: Build, provider: Comands, commands: [make]}"),
            ["stages[0].actions[0].provider: unknown provider 'Comands' (did you mean 'Commands'?); known providers: Folder, Commands, Buildspec, Git, Upstream, CommitStatus, Manual"]
        },
        {
            "provider of another category", Pipeline("{name: a, category: Build, provider: Folder, configuration: {Path: /x}, outputArtifacts: [a]}"),
            ["stages[0].actions[0].provider: provider 'Folder' does not serve category 'Build' (it serves Source); providers for Build: Commands, Buildspec"]
        },
        {
            "category no provider serves", Pipeline("{name: a, category: Deploy, provider: Commands, commands: [make]}"),
            ["stages[0].actions[0].provider: provider 'Commands' does not serve category 'Deploy' (it serves Build, Test, Compute); no known provider serves Deploy"]
        },
        {
            "runOrder zero", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], runOrder: 0}"),
            ["stages[0].actions[0].runOrder: runOrder is 0; use 1 to 999 (actions with the same runOrder run in parallel)"]
        },
        {
            "runOrder 1000", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], runOrder: 1000}"),
            ["stages[0].actions[0].runOrder: runOrder is 1000; use 1 to 999 (actions with the same runOrder run in parallel)"]
        },
        {
            "timeout over a day", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], timeoutInMinutes: 1441}"),
            ["stages[0].actions[0].timeoutInMinutes: timeoutInMinutes is 1441; use 1 to 1440 (24 hours), or leave it out for 60"]
        },
        {
            "folder without a path", Pipeline("{name: a, category: Source, provider: Folder, outputArtifacts: [src]}"),
            ["stages[0].actions[0].configuration: provider 'Folder' needs configuration key 'Path'"]
        },
        {
            "misspelt configuration key", Pipeline("{name: a, category: Source, provider: Folder, configuration: {Path: /x, Exclud: obj}, outputArtifacts: [src]}"),
            ["stages[0].actions[0].configuration.Exclud: provider 'Folder' does not accept configuration key 'Exclud' (did you mean 'Exclude'?); accepted keys: Path, Exclude"]
        },
        {
            "configuration key too long", Pipeline($"{{name: a, category: Build, provider: Commands, commands: [make], configuration: {{{new string('K', 51)}: x}}}}"),
            [
                $"stages[0].actions[0].configuration.{new string('K', 51)}: the configuration key is 51 characters long; at most 50 are allowed",
                $"stages[0].actions[0].configuration.{new string('K', 51)}: provider 'Commands' does not accept configuration key '{new string('K', 51)}'; accepted keys: Shell, WorkingDirectory",
            ]
        },
        {
            "configuration value too long", Pipeline($"{{name: a, category: Build, provider: Commands, commands: [make], configuration: {{Shell: {new string('b', 1001)}}}}}"),
            ["stages[0].actions[0].configuration.Shell: the configuration value is 1001 characters long; at most 1000 are allowed"]
        },
        {
            "commands action without commands", Pipeline("{name: a, category: Build, provider: Commands}"),
            ["stages[0].actions[0].commands: provider 'Commands' needs at least one command"]
        },
        {
            "folder with commands", Pipeline("{name: a, category: Source, provider: Folder, configuration: {Path: /x}, outputArtifacts: [src], commands: [ls]}"),
            ["stages[0].actions[0].commands: provider 'Folder' does not take commands; leave 'commands' out"]
        },
        {
            "commands output without files", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], outputArtifacts: [bin]}"),
            ["stages[0].actions[0].outputArtifacts[0].files: output artifact 'bin' needs 'files': globs relative to the working directory, e.g. 'out/**'"]
        },
        {
            "absolute output glob", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [/tmp/out/**]}]}"),
            ["stages[0].actions[0].outputArtifacts[0].files[0]: '/tmp/out/**' is absolute; globs are relative to the working directory, e.g. 'out/**'"]
        },
        {
            "output glob leaving the working directory", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], outputArtifacts: [{name: bin, files: [out/**, ../secrets/*]}]}"),
            ["stages[0].actions[0].outputArtifacts[0].files[1]: '../secrets/*' contains '..'; globs may not leave the working directory"]
        },
        {
            "folder without an output", Pipeline("{name: a, category: Source, provider: Folder, configuration: {Path: /x}}"),
            ["stages[0].actions[0].outputArtifacts: provider 'Folder' takes exactly 1 output artifact; this action lists 0"]
        },
        {
            "folder with files on its output", Pipeline("{name: a, category: Source, provider: Folder, configuration: {Path: /x}, outputArtifacts: [{name: src, files: [a/**]}]}"),
            ["stages[0].actions[0].outputArtifacts[0].files: provider 'Folder' makes its output artifact whole; leave 'files' out"]
        },
        {
            "too many inputs", Pipeline("{name: a, category: Build, provider: Commands, commands: [make], inputArtifacts: [a, b, c, d, e, f, g, h, i, j, k]}"),
            [
                "stages[0].actions[0].inputArtifacts: provider 'Commands' takes at most 10 input artifacts; this action lists 11",
                .. "abcdefghijk".Select((c, i) => $"stages[0].actions[0].inputArtifacts[{i}]: no earlier action outputs '{c}'"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Provider_rules_are_reported_at_their_path(string what, string yaml, string[] expected)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal(expected, Validate.Yaml(yaml));
    }
}
