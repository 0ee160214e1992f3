using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class ActionCacheKeyTests
{
    private static readonly ActionDefinition Action = new()
    {
        Name = "compile",
        Category = ActionCategory.Build,
        Provider = ProviderCatalog.Commands.Name,
        Commands = ["make"],
        OutputArtifacts = [new OutputArtifactDefinition { Name = "bin", Files = ["out/**"] }],
        OutputVariables = ["VERSION"],
        Labels = new Dictionary<string, string> { ["os"] = "linux" },
    };

    private static ActionAttempt Attempt(string input = "v1", string command = "make", int number = 1, string jobId = "exec-1/Build/compile/1") => new()
    {
        Number = number,
        JobId = jobId,
        ResolvedConfiguration = new Dictionary<string, string> { ["Shell"] = "bash" },
        ResolvedCommands = [command],
        Inputs = [new ArtifactRef("src", Digest.Of(System.Text.Encoding.UTF8.GetBytes(input)))],
    };

    private static readonly Dictionary<string, string> Variables = new() { ["Env"] = "dev" };

    private static string Key(ActionDefinition? action = null, ActionAttempt? attempt = null, IReadOnlyDictionary<string, string>? variables = null,
        string stage = "Build") =>
        ActionCacheKey.Compute("app", stage, action ?? Action, attempt ?? Attempt(), variables ?? Variables);

    [Fact]
    public void The_same_action_on_the_same_inputs_has_the_same_key_whatever_the_execution_attempt_or_job()
    {
        var key = Key();
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, Key(attempt: Attempt(number: 3, jobId: "exec-9/Build/compile/3")));
        Assert.Equal(key, Key(variables: new Dictionary<string, string> { ["Env"] = "dev" }));
    }

    [Fact]
    public void Every_thing_the_result_follows_from_changes_the_key()
    {
        var key = Key();
        Assert.NotEqual(key, Key(attempt: Attempt(input: "v2")));
        Assert.NotEqual(key, Key(attempt: Attempt(command: "make all")));
        Assert.NotEqual(key, Key(variables: new Dictionary<string, string> { ["Env"] = "prod" }));
        Assert.NotEqual(key, Key(stage: "Build2"));
        Assert.NotEqual(key, Key(action: Action with { Provider = ProviderCatalog.Buildspec.Name }));
        Assert.NotEqual(key, Key(action: Action with { Labels = new Dictionary<string, string> { ["os"] = "mac" } }));
        Assert.NotEqual(key, Key(action: Action with { OutputArtifacts = [new OutputArtifactDefinition { Name = "bin", Files = ["dist/**"] }] }));
        var other = Attempt();
        other.ResolvedConfiguration["Shell"] = "sh";
        Assert.NotEqual(key, Key(attempt: other));
    }

    [Fact]
    public void Map_order_does_not_change_the_key()
    {
        var a = Attempt();
        a.ResolvedConfiguration = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" };
        var b = Attempt();
        b.ResolvedConfiguration = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" };
        Assert.Equal(Key(attempt: a), Key(attempt: b));
    }

    [Theory]
    [InlineData("Build", "Commands", null, true)]
    [InlineData("Test", "Buildspec", null, true)]
    [InlineData("Build", "Commands", false, false)]
    [InlineData("Compute", "Commands", null, false)]
    [InlineData("Compute", "Commands", true, true)]
    [InlineData("Source", "Folder", null, false)]
    public void Build_and_test_actions_of_commands_and_buildspec_are_cached_by_default(string category, string provider, bool? cache, bool expected) =>
        Assert.Equal(expected, ActionCaching.IsCached(new ActionDefinition { Name = "a", Category = category, Provider = provider, Cache = cache }));

    [Fact]
    public void An_action_that_reads_farm_secrets_is_cached_only_when_it_says_so()
    {
        var reads = new ActionDefinition
        {
            Name = "a", Category = ActionCategory.Build, Provider = ProviderCatalog.Buildspec.Name,
            Configuration = new Dictionary<string, string> { ["BuildSpec"] = "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: ci-token\nphases:\n  build:\n    commands: [make]\n" },
        };
        Assert.False(ActionCaching.IsCached(reads));
        Assert.True(ActionCaching.IsCached(reads with { Cache = true }));
    }
}
