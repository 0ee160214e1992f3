using System.CommandLine;
using BuildFarm.Agent.Transfer;
using BuildFarm.Api.Mapping;
using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Commands;

public static class ArtifactsGetCommand
{
    public static Command Create(CliContext context)
    {
        var id = CommonOptions.ExecutionId();
        var name = new Argument<string>("name") { Description = "The artifact's name" };
        var directory = new Option<string>("--output-dir", "-o")
        {
            Description = "Where to write the artifact's files (created if missing)",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("get", "Download an artifact's files from the farm's content store") { id, name, directory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = context.Connect(parse);
            var executionId = parse.GetValue(id)!;
            var wanted = parse.GetValue(name)!;
            var artifacts = await client.Executions.ListArtifactsAsync(new ListArtifactsRequest { ExecutionId = executionId }, cancellationToken: cancellationToken);
            var artifact = artifacts.Artifacts.FirstOrDefault(a => a.Name == wanted)
                ?? throw new CliException(artifacts.Artifacts.Count == 0
                    ? $"execution {executionId} has produced no artifacts (yet)"
                    : $"execution {executionId} has no artifact '{wanted}'; it has: {string.Join(", ", artifacts.Artifacts.Select(a => a.Name))}");
            var target = Path.GetFullPath(parse.GetValue(directory)!);
            Directory.CreateDirectory(target);

            var cache = Directory.CreateTempSubdirectory("farm-artifacts-").FullName;
            try
            {
                var tree = await ArtifactDownload.MaterializeAsync(client.ContentStore, artifact.Digest.ToCore(), cache, target, cancellationToken);
                context.Terminal.Line($"wrote {artifact.Name} ({tree.Entries.Count} files, {tree.TotalSize} bytes) to {target}");
            }
            finally
            {
                Directory.Delete(cache, recursive: true);
            }
        });
        return command;
    }
}
