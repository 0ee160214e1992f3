using System.Net;
using BuildFarm.Server.Hosting;

namespace BuildFarm.Cli.Tests;

/// <summary>The CLI run in-process: exit codes and messages for usage errors and unreachable farms.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task A_variable_without_equals_sign_is_a_usage_error_with_exit_code_2()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["start", "demo", "--var", "branch"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--var 'branch': expected NAME=VALUE (there is no '=')", terminal.Error);
        Assert.Contains("see 'farm start --help'", terminal.Error);
    }

    [Fact]
    public async Task An_unknown_output_format_is_a_usage_error()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["pipeline", "list", "--output", "xml"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("'xml'", terminal.Error);
    }

    [Fact]
    public async Task An_action_not_written_as_stage_slash_action_is_a_usage_error()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["logs", "e-1", "--action", "Compile"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--action 'Compile': expected STAGE/ACTION", terminal.Error);
    }

    [Fact]
    public async Task Labels_are_checked_when_the_command_line_is_parsed()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["agent", "--labels", "os=linux,gpu", "--server", "http://127.0.0.1:1", "--token", "t"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--labels 'gpu'", terminal.Error);
    }

    [Fact]
    public async Task Without_any_farm_to_talk_to_the_error_says_how_to_get_one()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["pipeline", "list"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: no farm server to talk to", terminal.Error);
        Assert.Contains("farm up", terminal.Error);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_error_with_a_hint()
    {
        var port = FreePort.Find(IPAddress.Loopback);

        var (exitCode, terminal) = await TestTerminal.RunAsync(["agents", "list", "--server", $"127.0.0.1:{port}", "--token", "t"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: cannot reach the farm server at http://127.0.0.1:{port}", terminal.Error);
        Assert.Contains("farm up", terminal.Error);
    }

    [Fact]
    public async Task Validating_a_missing_file_says_so()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["pipeline", "validate", "-f", "no/such/pipeline.yaml"]);

        Assert.Equal(1, exitCode);
        Assert.Equal("error: no/such/pipeline.yaml: no such file", terminal.Error.Trim());
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exitCode, terminal) = await TestTerminal.RunAsync(["--help"]);

        Assert.Equal(0, exitCode);
        foreach (var command in new[] { "pipeline", "start", "executions", "watch", "logs", "artifacts", "agents", "run", "up", "server", "agent" })
            Assert.Contains($"  {command}", terminal.Out);
    }
}
