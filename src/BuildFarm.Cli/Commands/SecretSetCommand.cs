using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

public static class SecretSetCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The secret's name, as an action's configuration names it" };
        var value = new Option<string?>("--value") { Description = "The value (default: read from standard input, without its final newline)", HelpName = "VALUE" };
        var file = new Option<FileInfo?>("--file") { Description = "Read the value from this file (a private key, a token file)", HelpName = "PATH" };
        var command = new Command("set", "Create or replace a secret (stored encrypted; never shown again)") { name, value, file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(value)
                       ?? (parse.GetValue(file) is { } path ? await File.ReadAllTextAsync(path.FullName, cancellationToken) : await Console.In.ReadToEndAsync(cancellationToken));
            if (parse.GetValue(file) is null) text = text.TrimEnd('\r', '\n');
            using var client = context.Connect(parse);
            var response = await client.Secrets.SetSecretAsync(new SetSecretRequest { Name = parse.GetValue(name)!, Value = text }, cancellationToken: cancellationToken);
            context.Terminal.Line($"{(response.Replaced ? "replaced" : "created")} secret {parse.GetValue(name)}");
            return 0;
        });
        return command;
    }
}
