using System.Buffers;
using System.Security.Cryptography;
using BuildFarm.Core.Content;

namespace BuildFarm.Storage.Content;

/// <summary>
/// The local profile's content store: one file per blob at <c>{root}/sha256/{first 2 hex}/{hash}</c>.
/// A blob is written to a temporary file beside its final place, verified, flushed to disk and then moved into
/// place, so a reader only ever finds whole, verified blobs.
/// </summary>
public sealed class FileSystemContentStore(string root) : IContentStore
{
    private const int BufferSize = 128 * 1024;
    private const string TempPrefix = ".tmp-";

    public string Root { get; } = Path.GetFullPath(root);

    public Task<IReadOnlyList<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<Digest>();
        var missing = new List<Digest>();
        foreach (var digest in digests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = BlobPath(digest);
            if (seen.Add(digest) && digest != Digest.Empty && !File.Exists(path))
                missing.Add(digest);
        }
        return Task.FromResult<IReadOnlyList<Digest>>(missing);
    }

    public async Task PutAsync(Digest digest, Stream content, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(digest);
        if (digest == Digest.Empty || File.Exists(path))
        {
            // Already present: still read and verify, so that wrong bytes are refused the same way every time.
            await CopyVerifiedAsync(digest, content, target: null, cancellationToken);
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                await CopyVerifiedAsync(digest, content, file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            MoveIntoPlace(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(digest);
        if (digest == Digest.Empty)
            return Task.FromResult<Stream?>(new MemoryStream([], writable: false));
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    private string BlobPath(Digest digest)
    {
        if (!Digest.IsWellFormed(digest.Hash, digest.SizeBytes))
            throw new ArgumentException(
                $"malformed digest '{digest}': expected 64 lowercase hex characters (SHA-256) and a size of 0 or more",
                nameof(digest));
        return Path.Combine(Root, "sha256", digest.Hash[..2], digest.Hash);
    }

    private static void MoveIntoPlace(string temp, string path)
    {
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another writer stored the same blob first; theirs is verified too, so ours is dropped.
        }
    }

    /// <summary>Copies the content to the target (when given) while hashing it; throws when hash or size differ.</summary>
    private static async Task CopyVerifiedAsync(Digest expected, Stream content, Stream? target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                // Past the announced size the blob is refused anyway: stop writing so a runaway sender cannot fill the disk.
                if (target is not null && size <= expected.SizeBytes)
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var actual = new Digest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        if (actual != expected)
            throw new DigestMismatchException(expected, actual);
    }
}
