using System.CommandLine;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;
using BuildFarm.Cli.Rendering;
using BuildFarm.Core.Definitions;

namespace BuildFarm.Cli.Commands;

public static class PipelineGetCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The pipeline" };
        var version = new Option<int>("--version") { Description = "Which version (default: the newest)", HelpName = "N" };
        version.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--version must be 1 or more");
        });
        var output = CommonOptions.Output();
        var format = new Option<string?>("--format")
        {
            Description = "Print the declaration as a pipeline file instead (yaml or json), ready to edit and apply",
            HelpName = "yaml|json",
        }.AcceptOnlyFromAmong("yaml", "json");
        var command = new Command("get", "Show a pipeline's declaration") { name, version, output, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var request = new GetPipelineRequest { Name = parse.GetValue(name)!, Version = parse.GetValue(version) };
            var response = await client.Pipelines.GetPipelineAsync(request, cancellationToken: cancellationToken);
            switch (parse.GetValue(format))
            {
                case "yaml":
                    context.Terminal.Line(DefinitionCodec.ToYaml(response.Pipeline.Declaration.ToCore()).TrimEnd('\n'));
                    break;
                case "json":
                    context.Terminal.Line(DefinitionCodec.ToJson(response.Pipeline.Declaration.ToCore()).TrimEnd('\n'));
                    break;
                default:
                    if (parse.GetValue(output) == CommonOptions.Json) JsonOutput.Print(context.Terminal, response.Pipeline.Declaration);
                    else PipelineView.Version(context.Terminal, response);
                    break;
            }
            return 0;
        });
        return command;
    }
}
