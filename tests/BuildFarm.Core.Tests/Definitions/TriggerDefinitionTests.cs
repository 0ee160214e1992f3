namespace BuildFarm.Core.Tests.Definitions;

public sealed class TriggerDefinitionTests
{
    private const string Source = """
        name: web
        stages:
          - name: Source
            actions:
              - {name: Checkout, category: Source, provider: Git, configuration: {Repository: "https://git.local/web.git", Branch: main}, outputArtifacts: [src]}
              - {name: Files, category: Source, provider: Folder, configuration: {Path: /x}, outputArtifacts: [files]}
          - name: Build
            actions:
              - {name: Make, category: Build, provider: Commands, commands: [make], inputArtifacts: [src]}

        """;

    private const string Triggers = """
        triggers:
          - providerType: Git
            gitConfiguration:
              sourceActionName: Checkout
              push:
                - branches: {includes: [main, "release/**"], excludes: ["release/old-*"]}
                  filePaths: {includes: ["src/**"]}
                - tags: {includes: ["v*"]}
              pullRequest:
                - events: [OPEN, UPDATED]
                  branches: {includes: [main]}
          - schedule: {cron: "0 3 * * *", timeZone: Europe/Berlin, skipIfRunning: true}
          - upstream: {pipeline: libs}
        """;

    [Fact]
    public void Triggers_read_in_codepipelines_shape_plus_schedule_and_upstream()
    {
        var definition = Examples.Parse(Source + Triggers);
        Assert.Equal(3, definition.Triggers.Count);
        var git = definition.Triggers[0].GitConfiguration!;
        Assert.Equal("Checkout", git.SourceActionName);
        Assert.Equal(["main", "release/**"], git.Push[0].Branches!.Includes);
        Assert.Equal(["release/old-*"], git.Push[0].Branches!.Excludes);
        Assert.Equal(["src/**"], git.Push[0].FilePaths!.Includes);
        Assert.Equal(["v*"], git.Push[1].Tags!.Includes);
        Assert.Equal(["OPEN", "UPDATED"], git.PullRequest[0].Events);
        Assert.Equal(new ScheduleTrigger { Cron = "0 3 * * *", TimeZone = "Europe/Berlin", SkipIfRunning = true }, definition.Triggers[1].Schedule);
        Assert.Equal("libs", definition.Triggers[2].Upstream!.Pipeline);
        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void Triggers_survive_yaml_and_json_round_trips_and_count_in_comparisons()
    {
        var definition = Examples.Parse(Source + Triggers);
        var yaml = DefinitionCodec.ToYaml(definition);
        Assert.Contains("skipIfRunning: true", yaml);
        Assert.True(definition.SameAs(Examples.Parse(yaml)));
        Assert.True(definition.SameAs(Examples.Parse(DefinitionCodec.ToJson(definition), DefinitionFormat.Json)));
        Assert.False(definition.SameAs(definition with { Triggers = definition.Triggers.Take(2).ToList() }));
        Assert.DoesNotContain("triggers", DefinitionCodec.ToYaml(Examples.Parse(Source)));
    }

    public static TheoryData<string, string[]> Problems => new()
    {
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkot, push: [{}]}}",
            ["triggers[0].gitConfiguration.sourceActionName: 'Checkot' names no Source action (did you mean 'Checkout'?); source actions: Checkout, Files"]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Files, push: [{}]}}",
            ["triggers[0].gitConfiguration.sourceActionName: source action 'Files' (stages[0].actions[1]) has provider 'Folder'; git triggers need a 'Git' source action"]
        },
        {
            "triggers:\n  - {providerType: CodeStarSourceConnection, gitConfiguration: {sourceActionName: Checkout, push: [{}]}}",
            ["triggers[0].providerType: use providerType 'Git': this farm fetches with git itself (CodePipeline's CodeStarSourceConnection has no meaning here)"]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkout}}",
            ["triggers[0].gitConfiguration: a git trigger needs 'push' or 'pullRequest' filters (or both)"]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkout, push: [{branches: {includes: ['v[0-9']}, tags: {includes: [v1]}}]}}",
            [
                "triggers[0].gitConfiguration.push[0]: a push filter watches either 'tags' or 'branches', not both; use two filters",
                "triggers[0].gitConfiguration.push[0].branches.includes[0]: 'v[0-9' is not a valid glob: the '[' at position 2 is never closed with ']'",
            ]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkout, push: [{tags: {includes: [v1]}, filePaths: {includes: [src]}}]}}",
            ["triggers[0].gitConfiguration.push[0].filePaths: file paths apply to branch pushes only; a tag push has no changed files to filter"]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkout, pullRequest: [{events: [OPENED, OPEN, OPEN], branches: {}}]}}",
            [
                "triggers[0].gitConfiguration.pullRequest[0].events[0]: unknown pull-request event 'OPENED' (did you mean 'OPEN'?); use OPEN, UPDATED, CLOSED",
                "triggers[0].gitConfiguration.pullRequest[0].events[2]: 'OPEN' is listed twice",
                "triggers[0].gitConfiguration.pullRequest[0].branches: give 'includes' or 'excludes' (or both), or leave the filter out",
            ]
        },
        {
            "triggers:\n  - {gitConfiguration: {sourceActionName: Checkout, push: [{}]}}\n  - {gitConfiguration: {sourceActionName: Checkout, push: [{}]}}",
            ["triggers[1].gitConfiguration.sourceActionName: source action 'Checkout' already has a trigger; give it one trigger with several filters"]
        },
        {
            "triggers:\n  - {schedule: {cron: '* *', timeZone: Moon/Base}}",
            [
                "triggers[0].schedule.cron: '* *' has 2 fields; write 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)",
                "triggers[0].schedule.timeZone: unknown time zone 'Moon/Base'; use an IANA name such as UTC, Europe/Berlin or America/New_York",
            ]
        },
        {
            "triggers:\n  - {upstream: {pipeline: web}}\n  - {}\n  - {schedule: {cron: '* * * * *'}, upstream: {pipeline: a}}",
            [
                "triggers[0].upstream.pipeline: a pipeline cannot be its own upstream (it would start itself for ever)",
                "triggers[1]: a trigger needs one of gitConfiguration, schedule or upstream",
                "triggers[2]: a trigger holds exactly one of gitConfiguration, schedule or upstream; split it into several triggers",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Trigger_problems_are_reported_at_their_path(string triggers, string[] expected) =>
        Assert.Equal(expected, Validate.Yaml(Source + triggers));

    [Fact]
    public void Git_source_configuration_is_checked()
    {
        var yaml = """
            name: p
            stages:
              - name: S
                actions:
                  - {name: A, category: Source, provider: Git, outputArtifacts: [a], configuration: {Repository: "ftp://x/y", PollForSourceChanges: "yes", Commit: abc, CredentialSecret: "my secret"}}
            """;
        Assert.Equal([
            "stages[0].actions[0].configuration.Repository: 'ftp://x/y' is not a repository URL the farm can fetch; use file://, git://, http://, https://, ssh:// or user@host:path",
            "stages[0].actions[0].configuration.PollForSourceChanges: 'yes' is not true or false",
            "stages[0].actions[0].configuration.Commit: 'abc' is not a full commit id (40 hexadecimal digits)",
            "stages[0].actions[0].configuration.CredentialSecret: 'my secret' is not a secret name: use 1 to 100 characters from A-Z a-z 0-9 . _ - (the name of a farm secret, never the value)",
        ], Validate.Yaml(yaml));
    }
}
