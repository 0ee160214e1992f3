namespace BuildFarm.Storage.Azure;

/// <summary>The blob service did not answer (after the client's retries) or answered with an error.</summary>
public sealed class BlobStoreUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
