using BuildFarm.Api.Local;
using BuildFarm.Cli.Client;

namespace BuildFarm.Cli.Tests;

public sealed class ConnectionResolverTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string> _environment = new();

    public void Dispose() => _data.Dispose();

    private ConnectionSettings Settings(string? server = null, string? token = null) =>
        new(server, token, _data.Path, name => _environment.TryGetValue(name, out var value) ? value : null);

    private void StartLocalFarm(string grpc = "http://127.0.0.1:7420")
    {
        var files = new LocalFarmFiles(_data.Path);
        files.WriteServerEndpoint(new LocalFarmFiles.ServerEndpoint(grpc, "http://127.0.0.1:7421", 42));
        Directory.CreateDirectory(Path.GetDirectoryName(files.AdminTokenFile)!);
        File.WriteAllText(files.AdminTokenFile, "admin-secret\n");
        File.WriteAllText(files.RegistrationTokenFile, "registration-secret\n");
    }

    [Fact]
    public void Flags_win_over_the_environment_and_the_local_files()
    {
        StartLocalFarm();
        _environment["FARM_SERVER"] = "http://env:1";
        _environment["FARM_TOKEN"] = "env-token";

        var connection = ConnectionResolver.Resolve(Settings("http://flag:2", "flag-token"));

        Assert.Equal(new Uri("http://flag:2"), connection.Address);
        Assert.Equal("flag-token", connection.Token);
        Assert.Equal("--server", connection.Source);
    }

    [Fact]
    public void The_environment_wins_over_the_local_files()
    {
        StartLocalFarm();
        _environment["FARM_SERVER"] = "env-host:7000";
        _environment["FARM_TOKEN"] = "env-token";

        var connection = ConnectionResolver.Resolve(Settings());

        Assert.Equal(new Uri("http://env-host:7000"), connection.Address);
        Assert.Equal("env-token", connection.Token);
        Assert.Equal("FARM_SERVER", connection.Source);
    }

    [Fact]
    public void Without_flags_or_environment_the_local_farm_files_are_used()
    {
        StartLocalFarm("http://127.0.0.1:7555");

        var connection = ConnectionResolver.Resolve(Settings());

        Assert.Equal(new Uri("http://127.0.0.1:7555"), connection.Address);
        Assert.Equal("admin-secret", connection.Token);
    }

    [Fact]
    public void The_local_admin_token_goes_to_the_local_server_even_when_its_address_is_typed()
    {
        StartLocalFarm("http://127.0.0.1:7555");

        Assert.Equal("admin-secret", ConnectionResolver.Resolve(Settings("127.0.0.1:7555")).Token);
    }

    [Fact]
    public void The_local_admin_token_is_never_sent_to_another_server()
    {
        StartLocalFarm("http://127.0.0.1:7555");

        var error = Assert.Throws<CliException>(() => ConnectionResolver.Resolve(Settings("http://elsewhere:7555")));

        Assert.Contains("no API token for http://elsewhere:7555", error.Message);
        Assert.Contains("--token", error.Message);
    }

    [Fact]
    public void Nothing_found_tells_the_user_to_start_a_farm_or_pass_the_flags()
    {
        var error = Assert.Throws<CliException>(() => ConnectionResolver.Resolve(Settings()));

        Assert.Contains("farm up", error.Message);
        Assert.Contains("--server", error.Message);
        Assert.Contains(Path.Combine(_data.Path, "server.json"), error.Message);
    }

    [Theory]
    [InlineData("ftp://host:1")]
    [InlineData("http://")]
    [InlineData("not an address")]
    public void A_malformed_address_is_refused_with_the_expected_form(string address)
    {
        var error = Assert.Throws<CliException>(() => ConnectionResolver.Resolve(Settings(address, "t")));

        Assert.Contains($"--server: '{address}' is not a server address", error.Message);
    }

    [Fact]
    public void Agents_take_a_comma_separated_server_list_and_the_registration_token_variable()
    {
        _environment["FARM_REGISTRATION_TOKEN"] = "reg";
        _environment["FARM_TOKEN"] = "api-token-is-not-for-agents";

        var target = ConnectionResolver.ResolveAgent(Settings("http://a:1, b:2"));

        Assert.Equal([new Uri("http://a:1"), new Uri("http://b:2")], target.Servers);
        Assert.Equal("reg", target.RegistrationToken);
    }

    [Fact]
    public void Agents_of_the_local_farm_find_its_address_and_registration_token()
    {
        StartLocalFarm("http://127.0.0.1:7555");

        var target = ConnectionResolver.ResolveAgent(Settings());

        Assert.Equal([new Uri("http://127.0.0.1:7555")], target.Servers);
        Assert.Equal("registration-secret", target.RegistrationToken);
    }

    [Fact]
    public void The_data_folder_comes_from_the_flag_then_FARM_DATA()
    {
        _environment["FARM_DATA"] = "/from/env";

        Assert.Equal(Path.GetFullPath(_data.Path), Settings().ResolveDataDirectory());
        Assert.Equal("/from/env", (Settings() with { DataDirectory = null }).ResolveDataDirectory());
    }
}
