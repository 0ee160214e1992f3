using BuildFarm.Api.V1;

namespace BuildFarm.Cli.Rendering;

public static class ArtifactView
{
    public static void List(Terminal terminal, ListArtifactsResponse response)
    {
        var table = Tables.Create("Name", "Digest", "Produced by");
        foreach (var artifact in response.Artifacts)
            table.Row(
                artifact.Name,
                artifact.Digest is null ? "" : $"{artifact.Digest.Hash}/{artifact.Digest.SizeBytes}",
                $"{artifact.Stage}/{artifact.Action}");
        terminal.Write(table);
    }
}
