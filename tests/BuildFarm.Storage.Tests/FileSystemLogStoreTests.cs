using System.Text;
using BuildFarm.Storage.Logs;

namespace BuildFarm.Storage.Tests;

public sealed class FileSystemLogStoreTests : IDisposable
{
    private const string Key = "ex-abc/Build/Compile/2";
    private readonly TempDirectory _root = new();
    private readonly FileSystemLogStore _store;

    public FileSystemLogStoreTests() => _store = new FileSystemLogStore(_root.Path);

    public void Dispose() => _root.Dispose();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<string> ReadAll(string key) => Encoding.UTF8.GetString((await _store.ReadAsync(key, 0, int.MaxValue)).Span);

    [Fact]
    public async Task Appends_at_the_end_grow_the_log_in_a_file_named_by_the_key()
    {
        Assert.Equal(6, await _store.AppendAsync(Key, 0, Bytes("hello ")));
        Assert.Equal(11, await _store.AppendAsync(Key, 6, Bytes("world")));

        Assert.Equal("hello world", await ReadAll(Key));
        Assert.Equal("hello world", await File.ReadAllTextAsync(_root.Combine("ex-abc", "Build", "Compile", "2.log")));
    }

    [Fact]
    public async Task A_retried_append_is_idempotent_and_an_overlapping_one_adds_only_the_new_bytes()
    {
        await _store.AppendAsync(Key, 0, Bytes("line 1\n"));

        Assert.Equal(7, await _store.AppendAsync(Key, 0, Bytes("line 1\n")));
        Assert.Equal(14, await _store.AppendAsync(Key, 0, Bytes("line 1\nline 2\n")));
        Assert.Equal(21, await _store.AppendAsync(Key, 7, Bytes("line 2\nline 3\n")));
        Assert.Equal(21, await _store.AppendAsync(Key, 14, Bytes("line 3\n")));

        Assert.Equal("line 1\nline 2\nline 3\n", await ReadAll(Key));
    }

    [Fact]
    public async Task An_append_past_the_end_is_refused_as_a_gap()
    {
        await _store.AppendAsync(Key, 0, Bytes("abc"));

        var gap = await Assert.ThrowsAsync<LogGapException>(() => _store.AppendAsync(Key, 5, Bytes("xyz")));

        Assert.Equal(3, gap.Length);
        Assert.Equal("abc", await ReadAll(Key));
        await Assert.ThrowsAsync<LogGapException>(() => _store.AppendAsync("ex-abc/Build/Other/1", 1, Bytes("x")));
    }

    [Fact]
    public async Task Reads_answer_up_to_the_asked_bytes_from_the_offset()
    {
        await _store.AppendAsync(Key, 0, Bytes("0123456789"));

        Assert.Equal("234", Encoding.UTF8.GetString((await _store.ReadAsync(Key, 2, 3)).Span));
        Assert.Equal("789", Encoding.UTF8.GetString((await _store.ReadAsync(Key, 7, 100)).Span));
        Assert.True((await _store.ReadAsync(Key, 10, 100)).IsEmpty);
        Assert.True((await _store.ReadAsync(Key, 50, 100)).IsEmpty);
        Assert.True((await _store.ReadAsync("ex-abc/Never/Written/1", 0, 100)).IsEmpty);
    }

    [Fact]
    public async Task Concurrent_retries_of_the_same_chunk_land_it_exactly_once()
    {
        // An agent that times out resends a chunk while the first send is still in flight.
        var expected = new StringBuilder();
        long offset = 0;
        for (var i = 0; i < 50; i++)
        {
            var chunk = Bytes($"chunk {i} of the build output\n");
            var lengths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.AppendAsync(Key, offset, chunk))));
            Assert.All(lengths, length => Assert.Equal(offset + chunk.Length, length));
            offset += chunk.Length;
            expected.Append(Encoding.UTF8.GetString(chunk));
        }

        Assert.Equal(expected.ToString(), await ReadAll(Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("ex-abc/../../escape")]
    [InlineData("/absolute")]
    [InlineData("ex-abc//Compile")]
    [InlineData("ex-abc/Compile/")]
    [InlineData("ex abc/Compile")]
    [InlineData("ex-abc\\Compile")]
    [InlineData("ex-abc/./Compile")]
    [InlineData("ex-abc/Compile\n")]
    public async Task Malformed_keys_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync(key, 0, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync(key, 0, 10));
        Assert.Empty(Directory.GetFileSystemEntries(_root.Path));
    }
}
