using BuildFarm.Core.Content;

namespace BuildFarm.Agent.Transfer;

/// <summary>
/// The agent's local blob cache: one file per digest. A blob enters only after its bytes were hashed and matched
/// its digest, and enters by an atomic rename, so a file found here is always whole and correct.
/// </summary>
internal sealed class BlobCache
{
    private readonly string root;
    private readonly string temporary;

    public BlobCache(string root)
    {
        this.root = Path.GetFullPath(root);
        temporary = Path.Combine(this.root, "tmp");
        Directory.CreateDirectory(temporary);
    }

    public string PathOf(Digest digest) => Path.Combine(root, digest.Hash[..2], digest.Hash);

    public bool Contains(Digest digest)
    {
        var file = new FileInfo(PathOf(digest));
        return file.Exists && file.Length == digest.SizeBytes;
    }

    /// <summary>Forgets a blob (its file was changed through a hard link); the next job that needs it fetches it again.</summary>
    public void Drop(Digest digest) => File.Delete(PathOf(digest));

    public Stream OpenRead(Digest digest) =>
        new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public Task<byte[]> ReadAllAsync(Digest digest, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PathOf(digest), cancellationToken);

    public Task PutAsync(Digest digest, byte[] data, string source, CancellationToken cancellationToken) =>
        PutAsync(digest, (stream, token) => stream.WriteAsync(data, token).AsTask(), source, cancellationToken);

    /// <summary>Copies a local file into the cache; it must still have the digest it was hashed to.</summary>
    public Task PutFileAsync(Digest digest, string path, CancellationToken cancellationToken) =>
        PutAsync(digest, async (stream, token) =>
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await file.CopyToAsync(stream, token);
        }, $"'{path}' changed while it was being uploaded", cancellationToken);

    /// <summary>
    /// Fills a temporary file, checks its digest, then renames it into place. <paramref name="source"/> says where the
    /// bytes came from, for the error message.
    /// </summary>
    public async Task PutAsync(Digest digest, Func<Stream, CancellationToken, Task> fill, string source, CancellationToken cancellationToken)
    {
        if (Contains(digest)) return;
        var temp = Path.Combine(temporary, Guid.NewGuid().ToString("N"));
        try
        {
            Digest actual;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await fill(stream, cancellationToken);
                stream.Position = 0;
                actual = await Digest.OfAsync(stream, cancellationToken);
            }
            if (actual != digest)
                throw new ContentTransferException($"{source}: its bytes hash to {actual}, not to the expected {digest}; refused");
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(digest))!);
            File.Move(temp, PathOf(digest), overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
