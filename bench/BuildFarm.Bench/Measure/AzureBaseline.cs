using System.Diagnostics;
using Azure.Storage.Blobs;
using BuildFarm.Bench.Launch;

namespace BuildFarm.Bench.Measure;

/// <summary>The cluster profile's artifact baseline: the same tree uploaded straight to the farm's Azurite with the Azure SDK.</summary>
public sealed class AzureBaseline(BlobContainerClient container)
{
    private const int Parallelism = 16;

    public static async Task<AzureBaseline> ForFarmAsync(BenchFarm farm, CancellationToken cancellationToken)
    {
        var connection = farm.BlobConnectionString ?? throw new BenchException("the cluster profile's farm has no blob service");
        // Azurite 3.37 refuses the SDK's newest service version; pin one it knows.
        var service = new BlobServiceClient(connection, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
        var container = service.GetBlobContainerClient("bench-baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return new AzureBaseline(container);
    }

    /// <summary>Uploads every file of the tree under PREFIX/; milliseconds.</summary>
    public async Task<double> UploadAsync(string tree, string prefix, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(tree, "*", SearchOption.AllDirectories);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (file, token) =>
            {
                var name = prefix + "/" + Path.GetRelativePath(tree, file).Replace('\\', '/');
                await container.GetBlobClient(name).UploadAsync(file, overwrite: true, token);
            });
        return clock.Elapsed.TotalMilliseconds;
    }
}
