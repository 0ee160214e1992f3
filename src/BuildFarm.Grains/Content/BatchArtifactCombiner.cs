using BuildFarm.Core.Content;
using BuildFarm.Core.Executions;

namespace BuildFarm.Grains.Content;

/// <summary>Writes a batch's combined output trees (<see cref="BatchResults.CombineTrees"/>); the files are in the store already.</summary>
internal sealed class BatchArtifactCombiner(IArtifactStore store)
{
    public async Task<(IReadOnlyDictionary<string, Digest>? Outputs, string? Failure)> CombineAsync(BatchCombine combine)
    {
        var outputs = new Dictionary<string, Digest>(StringComparer.Ordinal);
        try
        {
            foreach (var output in combine.Outputs)
            {
                var parts = new List<(string, ArtifactTree)>();
                foreach (var (identifier, tree) in output.Parts)
                {
                    var bytes = await store.ReadAsync(tree)
                                ?? throw new InvalidTreeException($"build '{identifier}' reported output '{output.Name}' as {tree}, which the content store does not hold");
                    parts.Add((identifier, ArtifactTree.Decode(bytes)));
                }
                outputs[output.Name] = await store.WriteAsync(BatchResults.CombineTrees(parts).Encode());
            }
        }
        catch (InvalidTreeException e)
        {
            return (null, e.Message);
        }
        return (outputs, null);
    }
}
