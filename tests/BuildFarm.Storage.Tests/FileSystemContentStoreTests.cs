using System.Text;
using BuildFarm.Core.Content;
using BuildFarm.Storage.Content;

namespace BuildFarm.Storage.Tests;

public sealed class FileSystemContentStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly FileSystemContentStore _store;

    public FileSystemContentStoreTests() => _store = new FileSystemContentStore(_root.Path);

    public void Dispose() => _root.Dispose();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private string[] StoredFiles() => Directory.GetFiles(_root.Path, "*", SearchOption.AllDirectories);

    [Fact]
    public async Task A_blob_is_stored_under_its_hash_and_read_back()
    {
        var data = Bytes("hello, farm");
        var digest = await _store.PutAsync(data);

        Assert.Equal(Path.Combine(_root.Path, "sha256", digest.Hash[..2], digest.Hash), Assert.Single(StoredFiles()));
        Assert.Equal(data, await _store.ReadAllBytesAsync(digest));
    }

    [Fact]
    public async Task The_same_content_stored_twice_is_stored_once()
    {
        var first = await _store.PutAsync(Bytes("twice"));
        var second = await _store.PutAsync(Bytes("twice"));

        Assert.Equal(first, second);
        Assert.Single(StoredFiles());
    }

    [Fact]
    public async Task Wrong_bytes_for_a_digest_are_refused_and_nothing_is_stored()
    {
        var claimed = Digest.Of(Bytes("the real content"));
        var sent = Bytes("something else!!");

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutAsync(claimed, sent));

        Assert.Equal(claimed, error.Expected);
        Assert.Equal(Digest.Of(sent), error.Actual);
        Assert.Empty(StoredFiles());
        Assert.Null(await _store.OpenReadAsync(claimed));
    }

    [Fact]
    public async Task The_right_hash_with_a_wrong_size_is_refused()
    {
        var data = Bytes("sized");
        var real = Digest.Of(data);
        var claimed = real with { SizeBytes = real.SizeBytes + 1 };

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutAsync(claimed, data));

        Assert.Equal(real, error.Actual);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Wrong_bytes_for_a_blob_already_present_are_refused_and_the_blob_is_intact()
    {
        var data = Bytes("original");
        var digest = await _store.PutAsync(data);

        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutAsync(digest, Bytes("tampered")));

        Assert.Equal(data, await _store.ReadAllBytesAsync(digest));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_blob_all_succeed_and_leave_one_whole_file()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(data);
        var digest = Digest.Of(data);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.PutAsync(digest, data))));

        var file = Assert.Single(StoredFiles());
        Assert.Equal(data, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task FindMissing_answers_each_missing_digest_once_in_the_order_asked()
    {
        var present = await _store.PutAsync(Bytes("present"));
        var missingA = Digest.Of(Bytes("missing a"));
        var missingB = Digest.Of(Bytes("missing b"));

        var missing = await _store.FindMissingAsync([missingB, present, missingA, missingB, Digest.Empty, missingA]);

        Assert.Equal([missingB, missingA], missing);
    }

    [Fact]
    public async Task OpenRead_of_a_missing_blob_is_null()
    {
        Assert.Null(await _store.OpenReadAsync(Digest.Of(Bytes("never stored"))));
    }

    [Fact]
    public async Task The_empty_blob_is_always_present()
    {
        Assert.Empty(await _store.FindMissingAsync([Digest.Empty]));
        await using (var empty = await _store.OpenReadAsync(Digest.Empty))
        {
            Assert.NotNull(empty);
            Assert.Equal(-1, empty.ReadByte());
        }

        await _store.PutAsync(Digest.Empty, ReadOnlyMemory<byte>.Empty);
        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutAsync(Digest.Empty, Bytes("not empty")));
    }

    [Theory]
    [InlineData("abc", 3L)]
    [InlineData("../../../../etc/passwd", 1L)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1L)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", -1L)]
    public async Task Malformed_digests_are_refused(string hash, long size)
    {
        var digest = new Digest(hash, size);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(digest, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(digest));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.FindMissingAsync([digest]));
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task A_put_whose_stream_fails_midway_leaves_nothing_behind()
    {
        var data = new byte[1024 * 1024];
        var digest = Digest.Of(data);

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(digest, new FailingStream(data, failAfter: 300_000)));

        Assert.Empty(StoredFiles());
    }

    /// <summary>Serves the first bytes of the data, then fails like a dropped connection.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
                throw new IOException("connection reset");
            var n = Math.Min(count, Math.Min(failAfter, data.Length) - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
