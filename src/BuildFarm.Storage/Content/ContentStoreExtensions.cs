using BuildFarm.Core.Content;

namespace BuildFarm.Storage.Content;

public static class ContentStoreExtensions
{
    /// <summary>Stores bytes held in memory under their own digest, and answers it.</summary>
    public static async Task<Digest> PutAsync(this IContentStore store, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var digest = Digest.Of(data.Span);
        await store.PutAsync(digest, data, cancellationToken);
        return digest;
    }

    /// <summary>Stores bytes held in memory under the given digest (verified like any put).</summary>
    public static async Task PutAsync(this IContentStore store, Digest digest, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await using var stream = AsStream(data);
        await store.PutAsync(digest, stream, cancellationToken);
    }

    /// <summary>The whole blob, or null when the store does not hold it. Only for blobs known to be small.</summary>
    public static async Task<byte[]?> ReadAllBytesAsync(this IContentStore store, Digest digest, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(digest, cancellationToken);
        if (stream is null)
            return null;
        var bytes = new byte[digest.SizeBytes];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
