using Azure;
using Azure.Core;
using Azure.Storage.Blobs;

namespace BuildFarm.Storage.Azure;

/// <summary>The cluster profile's blob container (Azure Blob storage, or Azurite): artifacts and logs live in it.</summary>
public static class BlobContainer
{
    /// <summary>
    /// A client for the container with retries that outlast a short outage of the blob service (a restart takes
    /// seconds): exponential backoff from 0.5 s to 5 s, 10 retries, 30 s per try.
    /// </summary>
    public static BlobContainerClient Connect(string connectionString, string container)
    {
        var options = new BlobClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = 10,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(5),
                NetworkTimeout = TimeSpan.FromSeconds(30),
            },
        };
        try
        {
            return new BlobServiceClient(connectionString, options).GetBlobContainerClient(container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException($"the blob connection string is not valid ({e.Message}); expected an Azure Storage connection string such as 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...'", e);
        }
    }

    /// <summary>Creates the container when it does not exist yet.</summary>
    public static async Task EnsureExistsAsync(BlobContainerClient container, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new BlobStoreUnavailableException($"cannot create or reach the blob container '{container.Name}' at {container.Uri}: {e.Message}", e);
        }
    }
}
