using BuildFarm.Core.Buildspec;

namespace BuildFarm.Core.Tests.Buildspec;

/// <summary>env.secrets-manager and env.parameter-store read farm secrets by name; the action declares which a job gets.</summary>
public sealed class BuildspecSecretsTests
{
    private const string Inline = """
        version: 0.2
        env:
          secrets-manager:
            TOKEN: ci-token
            DB_PASSWORD: "db:password"
            DB_USER: "db:user::"
          parameter-store:
            NUGET_KEY: nuget.key
        phases:
          build:
            commands: [make]
        """;

    [Fact]
    public void Secrets_manager_entries_name_a_farm_secret_and_optionally_a_json_key_and_parameters_name_a_farm_secret()
    {
        var result = BuildspecParser.Parse(Inline);
        Assert.Empty(result.Problems);
        Assert.Equal(
        [
            new BuildspecSecret("TOKEN", "ci-token", null, "env.secrets-manager.TOKEN"),
            new BuildspecSecret("DB_PASSWORD", "db", "password", "env.secrets-manager.DB_PASSWORD"),
            new BuildspecSecret("DB_USER", "db", "user", "env.secrets-manager.DB_USER"),
            new BuildspecSecret("NUGET_KEY", "nuget.key", null, "env.parameter-store.NUGET_KEY"),
        ], result.Buildspec!.Env.Secrets);
    }

    [Fact]
    public void An_inline_buildspec_declares_its_secrets_and_a_file_needs_them_listed()
    {
        Assert.Equal(["ci-token", "db", "nuget.key"],
            BuildspecConfiguration.DeclaredSecrets(new Dictionary<string, string> { ["BuildSpec"] = Inline }));
        Assert.Equal(["ci-token", "extra"],
            BuildspecConfiguration.DeclaredSecrets(new Dictionary<string, string> { ["BuildSpec"] = "ci/buildspec.yml", ["Secrets"] = " ci-token, extra ,ci-token" }));
        Assert.Empty(BuildspecConfiguration.DeclaredSecrets(new Dictionary<string, string>()));
    }

    [Fact]
    public void The_provider_spec_gives_a_job_the_declared_secrets_of_every_kind()
    {
        var configuration = new Dictionary<string, string> { ["BuildSpec"] = Inline, ["Secrets"] = "extra" };
        Assert.Equal(["extra", "ci-token", "db", "nuget.key"], ProviderCatalog.Buildspec.SecretNamesOf(configuration));
        Assert.Equal(["web-git"], ProviderCatalog.Git.SecretNamesOf(new Dictionary<string, string> { ["Repository"] = "x", ["CredentialSecret"] = "web-git" }));
        Assert.Empty(ProviderCatalog.Commands.SecretNamesOf(configuration));
    }

    [Fact]
    public void The_Secrets_key_is_checked_name_by_name()
    {
        var action = new ActionDefinition
        {
            Name = "Make", Category = "Build", Provider = "Buildspec", InputArtifacts = ["src"],
            Configuration = new Dictionary<string, string> { ["Secrets"] = "good, bad/name" },
        };
        Assert.Equal(["configuration.Secrets: 'bad/name' is not a secret name: use 1 to 100 characters from A-Z a-z 0-9 . _ - (the name of a farm secret, never the value)"],
            BuildspecConfiguration.Check(action).Select(p => p.ToString()));
        Assert.Equal(["configuration.Secrets: the list is empty; name the farm secrets the buildspec reads, separated by commas, or leave the key out"],
            BuildspecConfiguration.Check(action with { Configuration = new Dictionary<string, string> { ["Secrets"] = " , " } }).Select(p => p.ToString()));
    }
}
