using System.Text;

namespace BuildFarm.EndToEnd.Tests;

/// <summary>
/// A buildspec reads farm secrets (env.secrets-manager, env.parameter-store): set with `farm secret set`, given to the
/// job because the action declares them, exported to the commands and masked in the log that `farm logs` shows.
/// </summary>
public sealed partial class BuildspecTests
{
    private const string SecretsPipeline = """
        name: bs-secrets
        stages:
          - name: Source
            actions:
              - {name: Checkout, category: Source, provider: Folder, configuration: {Path: "{scratch}"}, outputArtifacts: [source]}
          - name: Build
            actions:
              - name: Publish
                category: Build
                provider: Buildspec
                inputArtifacts: [source]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    env:
                      secrets-manager:
                        REGISTRY_PASSWORD: "registry:password"
                      parameter-store:
                        API_KEY: api-key
                    phases:
                      build:
                        commands:
                          - echo "logging in with $REGISTRY_PASSWORD and $API_KEY"
                          - printf '%s|%s' "$REGISTRY_PASSWORD" "$API_KEY" > "{scratch}/seen"
              - name: Missing
                category: Build
                provider: Buildspec
                inputArtifacts: [source]
                configuration:
                  BuildSpec: |
                    version: 0.2
                    env:
                      secrets-manager:
                        TOKEN: never-set
                    phases:
                      build:
                        commands: [echo unreachable]
        """;

    [Fact]
    public async Task Declared_secrets_reach_the_commands_and_are_masked_and_a_missing_one_fails_its_action_by_name()
    {
        await using var farm = await LocalFarm.StartAsync(agentCount: 1);
        Assert.Equal(0, (await farm.CliAsync("secret", "set", "registry", "--value", """{"user": "ci", "password": "pa55-w0rd-42"}""")).ExitCode);
        Assert.Equal(0, (await farm.CliAsync("secret", "set", "api-key", "--value", "key-0123456789")).ExitCode);
        await Steps.ApplyAsync(farm, "secrets.yaml", SecretsPipeline);

        var id = await Steps.StartAsync(farm, "bs-secrets");
        var execution = await farm.WaitForEndAsync(id);

        var actions = execution.Stages[1].Actions.ToDictionary(a => a.Name);
        Assert.Equal("Succeeded", actions["Publish"].Status);
        Assert.Equal("pa55-w0rd-42|key-0123456789", await File.ReadAllTextAsync(Path.Combine(farm.Scratch, "seen")));
        var log = (await farm.CliAsync("logs", id, "--action", "Build/Publish")).Output;
        Assert.Contains("logging in with *** and ***", log);
        Assert.DoesNotContain("pa55-w0rd-42", log);
        Assert.DoesNotContain("key-0123456789", log);
        // Nothing the farm keeps holds a value in clear: not the execution, not a file of the server's data folder (state, logs).
        Assert.DoesNotContain("pa55-w0rd-42", execution.ToString());
        Assert.DoesNotContain("key-0123456789", execution.ToString());
        foreach (var file in Directory.GetFiles(farm.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.False(text.Contains("pa55-w0rd-42") || text.Contains("key-0123456789"), $"{file} holds a secret value in clear");
        }

        var missing = actions["Missing"].Attempts[^1];
        Assert.Equal(("ConfigurationError", "configuration 'BuildSpec' (inline): env.secrets-manager.TOKEN: the farm has no secret 'never-set'; an admin sets it with `farm secret set never-set`"),
            (missing.ErrorKind, missing.Message));
    }
}
