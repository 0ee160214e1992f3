using System.CommandLine;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;

namespace BuildFarm.Cli.Commands;

public static class SecretListCommand
{
    public static Command Create(CliContext context)
    {
        var output = CommonOptions.Output();
        var command = new Command("list", "List the secrets' names (values are never shown)") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var response = await client.Secrets.ListSecretsAsync(new ListSecretsRequest(), cancellationToken: cancellationToken);
            context.Print(parse, output, response, (terminal, r) =>
            {
                var table = Tables.Create("Name", "Updated");
                foreach (var s in r.Secrets) table.Row(s.Name, Durations.Time(s.UpdatedAt));
                terminal.Write(table);
            });
            return 0;
        });
        return command;
    }
}
