using System.CommandLine;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

public static class SecretDeleteCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The secret" };
        var command = new Command("delete", "Delete a secret") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            await client.Secrets.DeleteSecretAsync(new DeleteSecretRequest { Name = parse.GetValue(name)! }, cancellationToken: cancellationToken);
            context.Terminal.Line($"deleted secret {parse.GetValue(name)}");
            return 0;
        });
        return command;
    }
}
