using System.CommandLine;
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

            // TODO(merge): materialize with the agent library's download code once src/BuildFarm.Agent has it (tree blob,
            // then the blobs not yet present, digests verified, paths checked), then print "wrote NAME to DIR", e.g.
            //   await new ArtifactDownloader(client.ContentStore, ...).MaterializeAsync(artifact.Digest.ToCore(), target, cancellationToken);
            throw new CliException($"'farm artifacts get' is not connected to the agent's download code yet (artifact {artifact.Name}, tree {artifact.Digest?.Hash})");
        });
        return command;
    }
}
