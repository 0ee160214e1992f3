using BuildFarm.Cli.Commands;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Tests;

/// <summary>A terminal that writes to strings (no colour), and a CLI context over it with a given environment.</summary>
public sealed class TestTerminal
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public TestTerminal() => Terminal = new Terminal(_out, _error, outputIsTerminal: false, errorIsTerminal: false, width: 4096);

    public Terminal Terminal { get; }
    public string Out => _out.ToString();
    public string Error => _error.ToString();

    public CliContext Context(IReadOnlyDictionary<string, string>? environment = null) =>
        new(Terminal, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, TimeProvider.System);

    /// <summary>Runs the CLI in this process; FARM_DATA points at an empty folder unless the environment says otherwise.</summary>
    public static async Task<(int ExitCode, TestTerminal Terminal)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var terminal = new TestTerminal();
        using var data = new TempDirectory();
        var env = new Dictionary<string, string> { ["FARM_DATA"] = data.Path };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) env[key] = value;
        var exitCode = await CliApp.RunAsync(terminal.Context(env), args);
        return (exitCode, terminal);
    }
}

public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("farm-cli-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
