using System.CommandLine;
using BuildFarm.Cli.Client;
using BuildFarm.Cli.Rendering;
using Google.Protobuf;

namespace BuildFarm.Cli.Commands;

/// <summary>What every command shares: the global options, the terminal, the clock, and the connection it made.</summary>
public sealed class CliContext(Terminal terminal, Func<string, string?> environment, TimeProvider clock, TextReader? terminalInput = null)
{
    /// <summary>Standard input when it is a terminal a person can answer on; null otherwise (CI, a pipe).</summary>
    public TextReader? TerminalInput { get; } = terminalInput;

    public Terminal Terminal { get; } = terminal;
    public TimeProvider Clock { get; } = clock;
    public Func<string, string?> Environment { get; } = environment;

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The farm's gRPC address (default: ${ConnectionSettings.ServerVariable}, else the local farm in the data folder)",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The API token (default: ${ConnectionSettings.TokenVariable}, else the local farm's admin token)",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"The local farm's data folder (default: ${ConnectionSettings.DataVariable}, else ~/.buildfarm)",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>The server last connected to, for error messages (which address could not be reached).</summary>
    public Uri? ConnectedTo { get; private set; }

    public ConnectionSettings Settings(ParseResult parse) =>
        new(parse.GetValue(Server), parse.GetValue(Token), parse.GetValue(Data), Environment);

    public FarmClient Connect(ParseResult parse) => Connect(ConnectionResolver.Resolve(Settings(parse)));

    /// <summary>Prints a read command's answer: the message as JSON for --output json, else its table.</summary>
    public void Print<T>(ParseResult parse, Option<string> output, T message, Action<Terminal, T> table) where T : IMessage
    {
        if (parse.GetValue(output) == CommonOptions.Json) JsonOutput.Print(Terminal, message);
        else table(Terminal, message);
    }

    public FarmClient Connect(FarmConnection connection)
    {
        ConnectedTo = connection.Address;
        return new FarmClient(connection);
    }
}
