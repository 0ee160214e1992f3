using BuildFarm.Agent.Jobs;
using BuildFarm.Agent.Processes;
using BuildFarm.Agent.Tests.Support;
using BuildFarm.Core.Executions;

namespace BuildFarm.Agent.Tests;

public sealed class ScriptBuilderTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private async Task<(int ExitCode, string Output, IReadOnlyDictionary<string, string> Variables)> RunAsync(
        string shell, IReadOnlyList<string> commands, IReadOnlyList<string> outputVariables)
    {
        var script = dir.Write("script.sh", ScriptBuilder.Build(commands, outputVariables));
        var variablesFile = dir.Combine("variables");
        var output = new System.Text.StringBuilder();
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = shell,
            Arguments = [script],
            WorkingDirectory = dir.Path,
            Environment = new Dictionary<string, string> { [ScriptBuilder.VariablesFileVariable] = variablesFile },
        }, data => { lock (output) output.Append(System.Text.Encoding.UTF8.GetString(data.Span)); }, CancellationToken.None);
        return (outcome.ExitCode, output.ToString(), OutputVariablesFile.Read(variablesFile));
    }

    [Fact]
    public void The_script_stops_at_the_first_error()
    {
        var script = ScriptBuilder.Build(["make", "make test"], []);

        Assert.Equal("set -e\nmake\nmake test\n", script);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("sh")]
    public async Task Output_variables_are_written_and_read_back(string shell)
    {
        var (exitCode, _, variables) = await RunAsync(shell,
            ["VERSION=1.2.3", "export COMMIT=abc123", "NOTES=\"two words", "and a second line=with equals\"", "EMPTY="],
            ["VERSION", "COMMIT", "NOTES", "EMPTY", "NEVER_SET"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(new Dictionary<string, string>
        {
            ["VERSION"] = "1.2.3",
            ["COMMIT"] = "abc123",
            ["NOTES"] = "two words\nand a second line=with equals",
            ["EMPTY"] = "",
            ["NEVER_SET"] = "",
        }, variables);
    }

    [Fact]
    public async Task A_failing_command_ends_the_script_with_its_code_and_writes_no_variables()
    {
        var (exitCode, output, variables) = await RunAsync("bash", ["echo before", "(exit 7)", "echo after", "V=1"], ["V"]);

        Assert.Equal(7, exitCode);
        Assert.Equal("before\n", output);
        Assert.Empty(variables);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    [InlineData("X\"; rm -rf /; \"")]
    public void An_output_variable_that_is_not_a_shell_name_is_a_configuration_error(string name)
    {
        var error = Assert.Throws<JobFailureException>(() => ScriptBuilder.Build(["true"], [name]));

        Assert.Equal(ErrorKind.ConfigurationError, error.Kind);
        Assert.Contains($"'{name}'", error.Message);
    }

    [Fact]
    public void The_variables_file_parser_splits_on_NUL_and_the_first_equals_sign()
    {
        var variables = OutputVariablesFile.Parse("A=1\0B=x=y\0A=2\0C=\0");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "2", ["B"] = "x=y", ["C"] = "" }, variables);
    }
}
